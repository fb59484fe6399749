// Helpers for the triage-screen tests: enter a child as a nurse would (tap a field, type on the
// keypad, pick the complaint, tap the sign buttons) and read the rule data the expectations
// are taken from.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { settled } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The level a rule gives when it fires, read from rules/data/triage/rules/*.toml. */
export function ruleLevel(ruleId) {
  const dir = path.join(root, 'rules/data/triage/rules');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.toml'))) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    for (const block of text.split('[[rules]]').slice(1)) {
      const id = block.match(/^id = "([^"]+)"/m)?.[1];
      if (id === ruleId) return Number(block.match(/^level = (\d)/m)[1]);
    }
  }
  throw new Error(`rule ${ruleId} not found in the rule data`);
}

/** Field ids of the triage form, by the case-format name they write. */
export const FIELD_IDS = {
  age_years: '#age-years',
  age_months: '#age-months',
  age_days: '#age-days',
  weight_kg: '#weight',
  heart_rate_per_min: '#heart-rate',
  respiratory_rate_per_min: '#resp-rate',
  spo2_percent: '#spo2',
  temperature_c: '#temperature',
  systolic_bp_mmhg: '#systolic-bp',
  capillary_refill_s: '#cap-refill',
  gcs: '#gcs',
  pain_score: '#pain-score',
};

/** Taps a field and types the value key by key, as on a tablet keypad. */
export async function typeInto(page, selector, text) {
  await page.click(selector);
  await page.keyboard.type(String(text));
  await settled(page);
}

/**
 * Taps a sign in the triage form, opening the "other signs" section if it is there: a
 * ticked-on-sight sign's toggle (`value` absent), or one value of a graded or yes/no sign
 * (`value` = an option code of rules/data/observations.toml, `yes` or `no`).
 */
export async function tapFinding(page, code, value) {
  const id = value === undefined ? `#obs-${code}` : `#obs-${code}-${value}`;
  const button = page.locator(id);
  if (!(await button.isVisible())) {
    await page.click('#other-findings > summary');
  }
  await button.click();
  await page.waitForSelector(`${id}[aria-pressed="true"]`);
  await settled(page);
}

/**
 * Enters a case: { age_years, age_months, age_days, complaint, vitals: {...}, findings: [...],
 * observations: { stridor: 'at_rest', ... }, pat: { appearance: 'abnormal', ... } } — the shape
 * of the rules' case format (`findings`: ticked-on-sight signs; `observations`: graded or
 * yes/no signs, by their value).
 */
export async function enterCase(page, c) {
  for (const key of ['age_years', 'age_months', 'age_days', 'weight_kg']) {
    if (c[key] !== undefined) await typeInto(page, FIELD_IDS[key], c[key]);
  }
  if (c.complaint) await page.selectOption('#complaint', c.complaint);
  for (const [side, value] of Object.entries(c.pat ?? {})) {
    await page.click(`#pat-${side}-${value}`);
  }
  for (const [key, value] of Object.entries(c.vitals ?? {})) {
    if (!FIELD_IDS[key]) throw new Error(`no form field for ${key}`);
    await typeInto(page, FIELD_IDS[key], value);
  }
  for (const code of c.findings ?? []) await tapFinding(page, code);
  for (const [code, value] of Object.entries(c.observations ?? {})) await tapFinding(page, code, value);
  await settled(page);
}

/** The level number shown in the banner once it settles on `expected` (or the last one seen). */
export async function shownLevel(page, expected) {
  try {
    await page.waitForFunction(
      (want) => document.querySelector('#level-number')?.textContent.trim() === String(want),
      expected,
      { timeout: 5_000 },
    );
  } catch {
    // fall through: the assertion reports what is on screen
  }
  return (await page.locator('#level-number').textContent({ timeout: 1_000 }).catch(() => null))?.trim();
}

/**
 * What the "set by" panel says, preceded by the ids of its rules: the ids are kept for the audit
 * on each entry (`data-rule-id`), not in the text a nurse reads.
 */
export async function decidingRules(page) {
  const text = await page.textContent('#deciding-rules');
  const ids = await page.$$eval('#deciding-rules li[data-rule-id]', (lis) => lis.map((li) => li.dataset.ruleId));
  return `${ids.join(' ')} ${text}`;
}

/**
 * Opens the model's questions (folded, and built when opened) as a nurse taps their title;
 * resolves to the answered count its title shows, `{ answered, total }`.
 */
export async function openModelQuestions(page) {
  await page.waitForSelector('#model-questions');
  if (!(await page.$eval('#model-questions', (d) => d.open))) await page.click('#model-questions summary');
  await page.waitForSelector('#model-questions .pat-side');
  const title = await page.textContent('#model-questions summary');
  const m = title.match(/\((\d+) \D+ (\d+) \D+\)/);
  if (!m) throw new Error(`the model questions' title gives no answered count: ${title}`);
  return { answered: Number(m[1]), total: Number(m[2]) };
}
