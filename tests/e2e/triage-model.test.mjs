// The appendicitis model on the triage screen: shown for abdominal pain only, it declines with
// its reason while it knows too little, then gives a probability with its confidence and the
// inputs that moved it most. Age and temperature come from the triage form (typed once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { enterCase, typeInto } from './triage-helpers.mjs';

const app = useServerAndBrowser();

async function answer(page, answers) {
  for (const [id, value] of Object.entries(answers)) {
    if (typeof value === 'number') await typeInto(page, `#model-${id}`, value);
    else await page.click(`#model-${id}-${value}`);
  }
}

const percentShown = async (page) => {
  await page.waitForSelector('#model-probability');
  const text = await page.textContent('#model-probability');
  const m = text.match(/^(\d{1,3}) %$/);
  assert.ok(m, `probability shown as a percentage: ${text}`);
  return Number(m[1]);
};

test('the model panel appears for abdominal pain only', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 9, complaint: 'cough' });
  await page.waitForSelector('#level-number');
  assert.equal(await page.locator('#model-panel').count(), 0);
  await page.selectOption('#complaint', 'abdominal_pain');
  await page.waitForSelector('#model-panel');
  await page.selectOption('#complaint', 'vomiting');
  await page.waitForSelector('#model-panel', { state: 'detached' });
  await page.context().close();
});

test('the model declines with its reason, then answers with probability, confidence and main inputs', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 10, complaint: 'abdominal_pain', vitals: { temperature_c: '38.2' } });
  await page.waitForSelector('#model-abstain');
  assert.match(await page.textContent('#model-abstain'), /declines to answer: only \d+ clinical inputs are known; it needs at least \d+/);
  assert.equal(await page.locator('#model-probability').count(), 0, 'no number while it declines');
  assert.equal(await page.locator('#model-contributions').count(), 0, 'nothing "moved" an estimate it declines to give');

  // A classic presentation.
  await answer(page, {
    migration_of_pain: 'yes', nausea_vomiting: 'yes', anorexia: 'yes', rlq_tenderness: 'yes',
    rebound_tenderness: 'yes', cough_percussion_hop_tenderness: 'yes', wbc_10e9_per_l: 16, neutrophils_percent: 85, crp_mg_per_l: 45,
  });
  await page.waitForSelector('#model-probability');
  const classic = await percentShown(page);
  // Asked once: the model's questions and the appendicitis scores' questions are the same
  // record entries, so an answer given in the model panel shows answered there too.
  await page.click('#score-questions > summary');
  assert.equal(await page.getAttribute('#answer-anorexia-yes', 'aria-pressed'), 'true');
  assert.equal(await page.getAttribute('#answer-migration_of_pain-yes', 'aria-pressed'), 'true');
  assert.equal(await page.inputValue('#answer-wbc_10e9_per_l'), '16');
  assert.match(await page.textContent('#model-confidence'), /±\d+(\.\d)? percentage points \(range \d+ % to \d+ %\)/);
  const moved = await page.$$eval('#model-contributions li', (lis) => lis.map((li) => li.textContent));
  assert.ok(moved.length >= 3, `main inputs listed: ${moved}`);
  assert.ok(moved.every((m) => /[+−]\d+\.\d percentage points/.test(m)), moved.join(' | '));
  assert.match(await page.textContent('#model-result'), /\d+ clinical inputs known/);

  // The same child with the opposite findings: the estimate must go down.
  await answer(page, {
    migration_of_pain: 'no', nausea_vomiting: 'no', anorexia: 'no', rlq_tenderness: 'no',
    rebound_tenderness: 'no', cough_percussion_hop_tenderness: 'no',
  });
  for (const [id, v] of [['wbc_10e9_per_l', '6'], ['neutrophils_percent', '50'], ['crp_mg_per_l', '1']]) {
    await page.fill(`#model-${id}`, v);
  }
  await page.waitForFunction(
    (before) => {
      const t = document.querySelector('#model-probability')?.textContent;
      return t && Number(t.split(' ')[0]) !== before;
    },
    classic,
    { timeout: 5_000 },
  ).catch(() => {});
  const benign = await percentShown(page);
  assert.ok(benign < classic, `benign ${benign} % < classic ${classic} %`);

  // Age comes from the triage form: clearing it makes the model decline for that reason.
  await page.fill('#age-years', '');
  await page.waitForSelector('#model-abstain');
  assert.match(await page.textContent('#model-abstain'), /the age is not known/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
