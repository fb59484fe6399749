// Scores and decision rules on the triage screen, as `rules` computes them: a croup child gets
// the Westley score, shown as the range still possible until its questions are answered, then
// its total, band and item points (taken from rules/data/scores/westley.toml); a total in the
// severe band moves the triage level through the score's link, shown in the rule path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { decidingRules, enterCase, ruleLevel, shownLevel } from './triage-helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const westley = readFileSync(path.join(root, 'rules/data/scores/westley.toml'), 'utf8');

/** Points the Westley data gives for an answer code. */
function points(answer, code) {
  const re = new RegExp(`\\{ points = (\\d+), when = \\{ observation = "${answer}", one_of = \\[[^\\]]*"${code}"[^\\]]*\\] \\}`);
  const m = westley.match(re);
  if (!m) throw new Error(`no Westley band for ${answer} = ${code}`);
  return Number(m[1]);
}

/** The link's level and threshold, from the data. */
function link(id) {
  const block = westley.split('[[triage_links]]').find((b) => b.includes(`id = "${id}"`));
  return { level: Number(block.match(/level = (\d)/)[1]), atLeast: Number(block.match(/total_at_least = (\d+)/)[1]) };
}

const app = useServerAndBrowser();

test('croup: the Westley score fills in as it is answered, and a severe total moves the level', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 2, complaint: 'stridor', vitals: { heart_rate_per_min: 120, respiratory_rate_per_min: 28, spo2_percent: 97 } });
  const score = page.locator('details.score[data-score-id="westley"]');
  await score.waitFor();
  assert.match(await score.locator('.score-total').textContent(), /^\d+–\d+$/, 'a range while unanswered');

  await page.click('#score-questions > summary');
  // Signs the triage criteria grade below level 2 on their own (stridor with agitation: level
  // 3; decreased air entry at the base and no retractions: no criterion), so that the score's
  // link is what moves the level.
  const answers = { consciousness_westley: 'normal', cyanosis: 'none', stridor: 'with_agitation', air_entry: 'decreased_base', retractions: 'none' };
  for (const [id, code] of Object.entries(answers)) await page.click(`#answer-${id}-${code}`);
  const expected = Object.entries(answers).reduce((sum, [id, code]) => sum + points(id, code), 0);
  const severe = link('westley.link.severe');
  assert.ok(expected < severe.atLeast, 'the first answers stay below the severe band');
  await page.waitForFunction((want) => document.querySelector('details.score[data-score-id="westley"] .score-total')?.textContent === String(want), expected);
  assert.ok((await score.locator('.score-band').textContent()).length > 3, 'the band is named');
  await score.locator('summary').click();
  const body = await score.locator('.trace-body').innerText();
  assert.match(body, /Stridor: With agitation/);
  assert.equal(await shownLevel(page, ruleLevel('paedctas.complaint.stridor.audible')), String(ruleLevel('paedctas.complaint.stridor.audible')));
  assert.match(body, /westley\s+version \d+/);
  assert.match(body, /Source: .+\(REFERENCE\.md §/);

  // Disoriented (a Westley item no triage criterion reads): the total reaches the severe band
  // and the link sets the level.
  await page.click('#answer-consciousness_westley-disoriented');
  const severeTotal = expected - points('consciousness_westley', 'normal') + points('consciousness_westley', 'disoriented');
  assert.ok(severeTotal >= severe.atLeast, 'the test data reaches the severe band');
  await page.waitForFunction((want) => document.querySelector('details.score[data-score-id="westley"] .score-total')?.textContent === String(want), severeTotal);
  assert.equal(await score.evaluate((d) => d.open), true, 'the open score stays open while it is answered');
  assert.equal(await shownLevel(page, severe.level), String(severe.level));
  assert.ok((await decidingRules(page)).includes('westley.link.severe'));
  assert.equal(await page.locator('details.trace-entry[data-rule-id="westley.link.severe"]').getAttribute('data-outcome'), 'fired');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('head injury under 2: the PECARN rule for under-2s applies, not the one for 2 and over', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_months: 10, complaint: 'head_injury', vitals: { gcs: 15 } });
  await page.waitForSelector('#scores-list');
  const ids = await page.$$eval('#scores-list details.decision', (ds) => ds.map((d) => d.dataset.ruleId));
  assert.ok(ids.includes('pecarn_head_under_2'), `decision rules: ${ids}`);
  assert.ok(!ids.includes('pecarn_head_2_and_over'), `decision rules: ${ids}`);
  await page.fill('#age-months', '');
  await page.fill('#age-years', '6');
  await page.waitForFunction(() => {
    const ids = [...document.querySelectorAll('#scores-list details.decision')].map((d) => d.dataset.ruleId);
    return ids.includes('pecarn_head_2_and_over') && !ids.includes('pecarn_head_under_2');
  });
  await page.context().close();
});

// Folded lists cost nothing until opened: the score questions and the list of scores not
// applicable are built when their summary is tapped, and stay open when an answer changes them.
test('the folded score questions and not-applicable list are built when opened and stay open', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 2, complaint: 'stridor', vitals: { heart_rate_per_min: 120, respiratory_rate_per_min: 28, spo2_percent: 97 } });
  await page.locator('details.score[data-score-id="westley"]').waitFor();
  const questions = page.locator('#score-questions [data-question]');
  const notApplicable = page.locator('#scores-not-applicable li[data-na-id]');
  assert.equal(await questions.count(), 0, 'no question built while folded');
  assert.equal(await notApplicable.count(), 0, 'no not-applicable entry built while folded');
  const folded = Number((await page.textContent('#score-questions > summary')).match(/\((\d+)\)/)[1]);

  // Opening a fold fires its toggle event a task later; the lists are built then.
  await page.click('#score-questions > summary');
  await questions.first().waitFor();
  await page.click('#scores-not-applicable > summary');
  await notApplicable.first().waitFor();
  assert.equal(await questions.count(), folded, 'every question counted in the summary is there');
  // An answer changes the scores; both lists stay open and filled.
  await page.click('#answer-cyanosis-none');
  await page.waitForFunction(() => document.querySelector('#answer-cyanosis-none')?.getAttribute('aria-pressed') === 'true');
  assert.equal(await page.locator('#score-questions').evaluate((d) => d.open), true);
  assert.ok(await questions.count() > 0);
  assert.equal(await page.locator('#scores-not-applicable').evaluate((d) => d.open), true);
  assert.ok(await notApplicable.count() > 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
