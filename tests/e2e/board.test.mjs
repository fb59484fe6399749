// The nurse's shift on one tablet: children triaged one after the other land on the
// waiting-room board, most urgent first; with the page's clock moved on, the level-2 child
// becomes overdue first and is shown so (in words, and counted on the tab); a reassessment with
// worse vitals raises the child's level and keeps both assessments, and its trends show both
// points against the centile bands for the child's age; "seen" takes a row off the board and
// keeps its audit records. Deadlines are read from rules/data/triage/levels.toml.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { framesSeen, newPage, settled, useServerAndBrowser, waitForApp, watchFrames } from './harness.mjs';
import { enterCase, ruleLevel, shownLevel, typeInto } from './triage-helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const app = useServerAndBrowser();
const TABLET = { width: 1180, height: 820 };

/** The levels' data: default level, and each level's target and reassessment minutes. */
function levelData() {
  const text = readFileSync(path.join(root, 'rules/data/triage/levels.toml'), 'utf8');
  const levels = {};
  for (const block of text.split('[[levels]]').slice(1)) {
    const level = Number(block.match(/^level = (\d)/m)[1]);
    levels[level] = {
      target: Number(block.match(/^target_minutes = (\d+)/m)[1]),
      reassess: Number(block.match(/^reassess_minutes = (\d+)/m)?.[1]),
    };
  }
  return { defaultLevel: Number(text.match(/^default_level = (\d)/m)[1]), levels };
}

const START = new Date('2026-12-04T08:00:00Z');
const MINUTE = 60_000;

/** A tablet page whose clock the test moves; browser dialogs (confirmations) are accepted. */
async function shiftPage() {
  const page = await newPage(app.browser, { viewport: TABLET, hasTouch: true });
  await page.clock.install({ time: START });
  page.on('dialog', (d) => d.accept());
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  // Until the tablet locks instead (the lock is the next step), the idle clear erases the board
  // too: a ward tablet is set to its longest idle time for the shift.
  await page.click('#device-heading');
  await page.fill('#idle-minutes', '120');
  return page;
}

/** Triages one child and saves it onto the board under `label`; returns the level shown. */
async function triageChild(page, label, c, expectedLevel) {
  await page.click('#tab-triage');
  await page.click('#new-patient');
  await enterCase(page, c);
  assert.equal(await shownLevel(page, expectedLevel), String(expectedLevel), `${label}'s level`);
  await page.fill('#board-label', label);
  await page.click('#save-assessment');
  await page.waitForSelector('#save-status:has-text("Saved")');
}

/** The board's rows as shown: label, level, overdue, in order. */
async function boardRows(page) {
  await page.click('#tab-board');
  await page.waitForSelector('#board-list, #board-empty');
  return page.$$eval('#board-list > li', (lis) => lis.map((li) => ({
    label: li.querySelector('.board-label').textContent,
    level: Number(li.dataset.level),
    overdue: li.dataset.overdue === 'true',
    text: li.textContent,
  })));
}

const CHILDREN = {
  // SpO2 of 93 %: mild respiratory distress.
  amir: { c: { age_years: 6, complaint: 'cough', vitals: { spo2_percent: '93' } }, level: ruleLevel('paedctas.respiratory.spo2_mild') },
  // A febrile 5-week-old.
  bea: { c: { age_days: 35, complaint: 'fever', vitals: { temperature_c: '38.6' } }, level: ruleLevel('paedctas.temperature.fever_under_3_months') },
  // Nothing fires: the scale's default level.
  chloe: { c: { age_years: 8, vitals: { temperature_c: '37.0' } }, level: levelData().defaultLevel },
};

test('three children on the board, most urgent first; the level-2 child becomes overdue first', async () => {
  const { levels } = levelData();
  const page = await shiftPage();
  for (const [label, { c, level }] of Object.entries(CHILDREN)) {
    await triageChild(page, label, c, level);
    await page.clock.fastForward(MINUTE);
  }
  const rows = await boardRows(page);
  const expected = Object.entries(CHILDREN).sort((a, b) => a[1].level - b[1].level).map(([label]) => label);
  assert.deepEqual(rows.map((r) => r.label), expected);
  assert.deepEqual(rows.map((r) => r.level), expected.map((l) => CHILDREN[l].level));
  assert.ok(rows.every((r) => !r.overdue), 'nobody is overdue at once');
  assert.equal(await page.locator('#board-overdue-count').count(), 0);
  assert.match(rows.find((r) => r.label === "amir").text, /6 years/);
  assert.match(rows.find((r) => r.label === "bea").text, /35 days/);

  // Move the clock past the level-2 child's target, not past the level-3 child's.
  const bea = levels[CHILDREN.bea.level].target;
  const amir = levels[CHILDREN.amir.level].target;
  assert.ok(bea + 1 < amir, 'the level data give level 2 less time than level 3');
  await page.clock.fastForward((bea + 1) * MINUTE);
  await page.waitForSelector('#board-list > li[data-overdue="true"]');
  const later = await boardRows(page);
  const overdue = later.filter((r) => r.overdue).map((r) => r.label);
  assert.deepEqual(overdue, ['bea']);
  const beaRow = later.find((r) => r.label === 'bea');
  assert.match(beaRow.text, /OVERDUE/, 'overdue in words, not colour alone');
  assert.match(beaRow.text, /Physician: overdue by \d+ min/);
  assert.match(await page.textContent('#tab-board'), /1 overdue/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a reassessment with worse vitals raises the level and keeps both assessments; trends show both; "seen" keeps the records', async () => {
  const page = await shiftPage();
  const amir = { ...CHILDREN.amir.c, vitals: { ...CHILDREN.amir.c.vitals, heart_rate_per_min: '100' } };
  await triageChild(page, 'amir', amir, CHILDREN.amir.level);
  // The normal ranges the triage screen shows for his age: the bands the trend must draw.
  const [centralLow, centralHigh] = (await page.textContent('#hr-central')).match(/\d+/g).map(Number);
  const [extremeLow, extremeHigh] = (await page.textContent('#hr-extreme')).match(/\d+/g).map(Number);
  await triageChild(page, 'chloe', CHILDREN.chloe.c, CHILDREN.chloe.level);
  await page.clock.fastForward(20 * MINUTE);
  await boardRows(page);
  // The nurse taps Amir's row: the form holds his last assessment, ready to be reassessed. His
  // level and the rule that set it are painted together: no frame shows Chloe's rule path
  // beside Amir's level.
  await watchFrames(page, {
    level: `#level-banner[data-level="${CHILDREN.amir.level}"]`,
    rule: '#trace-list details.trace-entry[data-rule-id="paedctas.respiratory.spo2_mild"][data-outcome="fired"]',
  });
  await page.click('#board-list > li:has(.board-label:text-is("amir")) .board-open');
  await page.waitForSelector('#screen-triage:not(.hidden)');
  await settled(page);
  const at = await framesSeen(page);
  assert.ok(at.level !== undefined, 'Amir\'s level is shown');
  assert.equal(at.rule, at.level, `Amir's rule path in frame ${at.rule}, his level in frame ${at.level}`);
  assert.equal(await page.inputValue('#spo2'), '93');
  assert.equal(await page.inputValue('#board-label'), 'amir');
  assert.match(await page.textContent('#save-assessment'), /reassessment/);
  await page.fill('#spo2', '');
  await typeInto(page, '#spo2', '91');
  await page.fill('#heart-rate', '');
  await typeInto(page, '#heart-rate', '120');
  const worse = ruleLevel('paedctas.respiratory.spo2_moderate');
  assert.ok(worse < CHILDREN.amir.level);
  assert.equal(await shownLevel(page, worse), String(worse));
  await page.click('#save-assessment');
  await page.waitForSelector('#save-status:has-text("Saved")');

  const rows = await boardRows(page);
  assert.deepEqual(rows.map((r) => r.label), ['amir', 'chloe'], 'one row per child, not one per assessment');
  assert.equal(rows[0].level, worse);
  assert.match(rows[0].text, new RegExp(`Levels over time: ${CHILDREN.amir.level} → ${worse}`));
  assert.equal(await page.textContent('#records-count'), '3', 'every assessment keeps its own audit record');

  // His trends: both heart rates against the bands for a 6-year-old, both levels, a table.
  const amirRow = page.locator('#board-list > li:has(.board-label:text-is("amir"))');
  await amirRow.locator('.board-trends > summary').click();
  const hr = amirRow.locator('#trend-heart-rate');
  await hr.waitFor();
  assert.deepEqual(await hr.locator('circle.point').evaluateAll((cs) => cs.map((c) => Number(c.dataset.value))), [100, 120]);
  assert.deepEqual(await hr.locator('rect.band-inner').evaluate((r) => [Number(r.dataset.low), Number(r.dataset.high)]), [centralLow, centralHigh]);
  assert.deepEqual(await hr.locator('rect.band-outer').evaluate((r) => [Number(r.dataset.low), Number(r.dataset.high)]), [extremeLow, extremeHigh]);
  assert.match(await hr.locator('svg').getAttribute('aria-label'), new RegExp(`100 → 120 /min; 10th–90th centile ${centralLow}–${centralHigh}`));
  assert.deepEqual(await amirRow.locator('#trend-level circle.point').evaluateAll((cs) => cs.map((c) => Number(c.dataset.value))), [CHILDREN.amir.level, worse]);
  assert.deepEqual(await amirRow.locator('#trend-spo2 circle.point').evaluateAll((cs) => cs.map((c) => Number(c.dataset.value))), [93, 91]);
  assert.equal(await amirRow.locator('.trend-table tbody tr').count(), 2);
  const episodes = await page.evaluate(() => JSON.parse(localStorage.getItem('pediatriage.audit')).map((r) => r.episode_id));
  assert.equal(episodes[0], episodes[2], 'both of Amir\'s assessments are in one episode');
  assert.notEqual(episodes[0], episodes[1]);

  // Chloe is seen by a physician: off the board, her record stays.
  await page.click('#board-list > li:has(.board-label:text-is("chloe")) .board-seen-button');
  await page.waitForFunction(() => document.querySelectorAll('#board-list > li').length === 1);
  assert.equal(await page.textContent('#records-count'), '3');
  // The board is kept on the device: a reload shows the same row.
  await page.reload();
  await waitForApp(page);
  const again = await boardRows(page);
  assert.deepEqual(again.map((r) => r.label), ['amir']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
