// Each user's screen at the size of the device in their hands: the parent's phone (390×844,
// French), the nurse's tablet in portrait (768×1024) and landscape (1180×820), the GP's history
// on the same sizes. On each: nothing wider than the screen (no sideways scrolling), axe-core
// finds no serious or critical WCAG 2.1 AA violation, and on the triage screen the level and
// what set it are in view right after a vital sign is typed, and a keystroke that changes the
// level moves nothing on screen; the waiting-room board likewise. A screenshot of each is written to
// $PEDIATRIAGE_SCREENSHOTS (default target/screens) for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import path from 'node:path';
import { axeViolations, newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { enterCase, shownLevel, typeInto } from './triage-helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHOTS = path.resolve(root, process.env.PEDIATRIAGE_SCREENSHOTS || 'target/screens');
const EN = JSON.parse(readFileSync(path.join(root, 'app/locales/en.json'), 'utf8'));
mkdirSync(SHOTS, { recursive: true });

const app = useServerAndBrowser();

const SIZES = [
  { name: 'phone', viewport: { width: 390, height: 844 } },
  { name: 'tablet-portrait', viewport: { width: 768, height: 1024 } },
  { name: 'tablet-landscape', viewport: { width: 1180, height: 820 } },
];

/** A phone or tablet page: touch, the size given; CSP bypassed only so axe can be injected. */
async function devicePage(viewport) {
  return newPage(app.browser, { viewport, hasTouch: true, isMobile: viewport.width < 500, bypassCSP: true });
}

/**
 * What sticks out sideways: the page wider than the screen, or any shown element whose right
 * edge lies beyond it (a box that scrolls on its own, such as a saved record's JSON, is one
 * element, so its content does not count).
 */
async function sidewaysOverflow(page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > width) {
      out.push(`page ${document.documentElement.scrollWidth} px wide on a ${width} px screen`);
    }
    const scrollsOnItsOwn = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
      }
      return false;
    };
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= width + 1 || scrollsOnItsOwn(el)) continue;
      out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className} ends at ${Math.round(r.right)} px`);
    }
    return out.slice(0, 10);
  });
}

async function shoot(page, name) {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** Checks every screen shares: fits sideways, no serious axe violation, no page error. */
async function assertScreenIsSound(page, what) {
  assert.deepEqual(await sidewaysOverflow(page), [], `${what}: something sticks out sideways`);
  assert.deepEqual(await axeViolations(page), [], `${what}: axe-core`);
  assert.deepEqual(page.errors, [], `${what}: page errors`);
}

/** Whether the element's box lies inside the viewport as the user sees it now. */
async function inView(page, selector) {
  return page.locator(selector).first().evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
}

for (const { name, viewport } of SIZES) {
  test(`${name}: the parent's form in French fits, with option buttons sized to their text`, async () => {
    const page = await devicePage(viewport);
    await page.goto(`${app.server.url}#/parent`);
    await waitForApp(page);
    await page.click('#lang-fr');
    await page.locator('.parent-question').waitFor();
    await shoot(page, `${name}-parent-first-question`);
    await assertScreenIsSound(page, `${name} parent form, first question`);
    // The first question with choices (one button each): each button at least 44 px high and
    // no taller than two lines of its text, so a phone shows several choices at once.
    const choices = page.locator('.parent-question .answer-buttons.choices button');
    for (let guard = 0; guard < 10 && (await choices.count()) === 0; guard += 1) {
      const item = await page.locator('.parent-question .q-field').getAttribute('data-item');
      await page.click('#parent-next');
      await page.waitForFunction((prev) => document.querySelector('.parent-question .q-field')?.getAttribute('data-item') !== prev, item);
    }
    const heights = await choices.evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().height));
    assert.ok(heights.length >= 2, `choice buttons shown: ${heights.length}`);
    for (const h of heights) assert.ok(h >= 44 && h <= 100, `a choice button is ${h} px high`);
    await shoot(page, `${name}-parent-options`);
    await assertScreenIsSound(page, `${name} parent form, a question with options`);
    await page.context().close();
  });

  test(`${name}: the triage screen with a case, the level and what set it in view while typing; the board`, async () => {
    const page = await devicePage(viewport);
    await page.goto(app.server.url);
    await waitForApp(page);
    await page.click('#lang-en');
    await shoot(page, `${name}-triage-empty`);
    await assertScreenIsSound(page, `${name} triage, empty`);
    await enterCase(page, { age_years: 2, weight_kg: 12, complaint: 'fever', vitals: { temperature_c: '39.6', respiratory_rate_per_min: '38' } });
    // The nurse types one more vital sign: the level and its reason must be on screen now,
    // with no scrolling back to find them.
    await typeInto(page, '#heart-rate', '185');
    await page.waitForFunction(() => /Heart rate/i.test(document.querySelector('.level-reason')?.textContent ?? ''));
    assert.ok(await inView(page, '#heart-rate'), 'the field being typed in is in view');
    assert.ok(await inView(page, '#level-number'), 'the level is in view');
    assert.ok(await inView(page, '.level-reason'), 'what set the level is in view');
    if (viewport.width >= 1000) {
      // Landscape: the result column is beside the form, so what could still change the level
      // is in view too, not below the whole form.
      assert.ok(await inView(page, '#whatif-heading'), '"what could still change it" is in view beside the form');
      const form = await page.locator('#entry').boundingBox();
      const banner = await page.locator('#level-banner').boundingBox();
      assert.ok(banner.x >= form.x + form.width, 'the level is beside the form, not over it');
    }
    await shoot(page, `${name}-triage-filled`);
    await assertScreenIsSound(page, `${name} triage, filled`);
    // Saved onto the waiting-room board: the board fits too.
    await page.fill('#board-label', 'Bed 3');
    await page.click('#save-assessment');
    await page.click('#tab-board');
    await page.waitForSelector('#board-list');
    await shoot(page, `${name}-board`);
    await assertScreenIsSound(page, `${name} board`);
    await page.context().close();
  });

  test(`${name}: a keystroke that changes the level moves nothing on screen`, async () => {
    // A 9-year-old with abdominal pain: a pain score of 8 sets level 2, deleting it brings the
    // default level back. The banner keeps its height, so the field being typed in, and the
    // page's scroll position, stay where they were.
    const page = await devicePage(viewport);
    await page.goto(app.server.url);
    await waitForApp(page);
    await page.click('#lang-en');
    await enterCase(page, { age_years: 9, complaint: 'abdominal_pain', vitals: { heart_rate_per_min: '88', respiratory_rate_per_min: '18', spo2_percent: '99' } });
    await page.click('#pain-score');
    const where = () => page.evaluate(() => ({
      banner: document.querySelector('#level-banner').getBoundingClientRect().height,
      field: document.querySelector('#pain-score').getBoundingClientRect().top,
      scrollY: window.scrollY,
      level: document.querySelector('#level-number').textContent.trim(),
      reason: document.querySelector('#level-reason').textContent,
    }));
    const before = await where();
    assert.equal(before.level, '5', `the default level before the pain score: ${JSON.stringify(before)}`);
    assert.equal(before.reason, EN['level.default'], 'the banner says that no rule fired');
    await page.keyboard.press('8');
    await shownLevel(page, 2);
    const raised = await where();
    assert.equal(raised.level, '2', JSON.stringify(raised));
    assert.match(raised.reason, /pain/i, 'the banner says the pain score set the level');
    await page.keyboard.press('Backspace');
    await shownLevel(page, 5);
    const back = await where();
    for (const after of [raised, back]) {
      assert.equal(after.banner, before.banner, `the banner's height: ${JSON.stringify({ before, after })}`);
      assert.equal(after.scrollY, before.scrollY, `the page's scroll position: ${JSON.stringify({ before, after })}`);
      assert.equal(after.field, before.field, `the field's place on screen: ${JSON.stringify({ before, after })}`);
    }
    await page.context().close();
  });

  test(`${name}: the GP's history with a parent's answers fits`, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pediatriage-screens-'));
    const file = path.join(dir, 'handoff.json');
    writeFileSync(file, JSON.stringify({
      format: 'pediatriage-handoff', questionnaire: 'anamnesis', version: 1, lang: 'fr',
      answers: {
        age_years: 1, age_months: 4, sex: 'female', weight_kg: 10.2, complaint: 'fever', illness_days: 2,
        fever_at_home: true, fever_max_c: 39.4, fever_days: 2, antipyretic: 'paracetamol', intake: 'reduced',
        vomiting: true, vomit_green: false, medicines: 'Doliprane 150 mg', allergies: 'Amoxicilline : urticaire',
      },
    }));
    const page = await devicePage(viewport);
    await page.goto(app.server.url);
    await waitForApp(page);
    await page.click('#lang-en');
    await page.click('#tab-history');
    await page.setInputFiles('#import-file', file);
    await page.waitForSelector('#import-message');
    assert.match(await page.textContent('#import-message'), /Imported \d+ answers/);
    await page.locator('#history-summary').waitFor();
    assert.match(await page.textContent('#history-summary'), /Doliprane 150 mg/);
    await shoot(page, `${name}-gp-history`);
    await assertScreenIsSound(page, `${name} GP history`);
    await page.locator('#history-summary-heading').scrollIntoViewIfNeeded();
    await shoot(page, `${name}-gp-summary`);
    await page.context().close();
  });
}
