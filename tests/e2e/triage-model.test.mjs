// The appendicitis model on the triage screen: shown for abdominal pain only, it shows its
// prediction set; it refuses with its reason and what would let it answer while it knows too
// little or is not sure enough, then answers with the probability, its confidence, the error
// bound it carries and the inputs that moved it most. Age and temperature come from the
// triage form (typed once).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { enterCase, openModelQuestions, typeInto } from './triage-helpers.mjs';

const app = useServerAndBrowser();

async function answer(page, answers) {
  await openModelQuestions(page);
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

test('the model refuses with its reason and next step, then answers with its set, probability, guarantee and main inputs', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  // A sparse case: age and temperature only.
  await enterCase(page, { age_years: 10, complaint: 'abdominal_pain', vitals: { temperature_c: '38.2' } });
  await page.waitForSelector('#model-abstain');
  assert.match(await page.textContent('#model-abstain'), /declines to answer: only 1 clinical input is known; it needs at least \d+/);
  assert.match(await page.textContent('#model-set'), /^\{appendicitis, no appendicitis\}: no single answer$/);
  assert.match(await page.textContent('#model-next'), /answer at least \d+ more of the questions below, blood tests included/);
  assert.equal(await page.locator('#model-probability').count(), 0, 'no number while it refuses');
  assert.equal(await page.locator('#model-contributions').count(), 0, 'nothing "moved" an estimate it refuses to give');
  assert.match(await page.textContent('#model-result'), /1 clinical input known\./);
  assert.doesNotMatch(await page.textContent('#model-result'), /1 clinical inputs/);

  // A classic presentation without blood tests: enough inputs, but in the clinical-only
  // setting no answer was certified; the refusal says why and that blood tests would help.
  await answer(page, {
    migration_of_pain: 'yes', nausea_vomiting: 'yes', anorexia: 'yes', rlq_tenderness: 'yes',
    rebound_tenderness: 'yes', cough_percussion_hop_tenderness: 'yes',
  });
  await page.waitForFunction(() => /neither answer/.test(document.querySelector('#model-abstain')?.textContent ?? ''));
  assert.match(
    await page.textContent('#model-abstain'),
    /neither answer was wrong at most 10 % of the time on the data it was checked on \(clinical findings only\)/,
  );
  assert.match(await page.textContent('#model-next'), /Most likely to let it answer: blood tests/);
  assert.equal(await page.locator('#model-probability').count(), 0);
  assert.equal(await page.locator('#model-contributions').count(), 0);

  // With blood tests: the set is {appendicitis}, with the probability and what moved it.
  await answer(page, { wbc_10e9_per_l: 16, neutrophils_percent: 85, crp_mg_per_l: 45 });
  await page.waitForSelector('#model-probability');
  assert.equal(await page.textContent('#model-set'), '{appendicitis}');
  const classic = await percentShown(page);
  assert.ok(classic >= 50, `${classic} %`);
  assert.equal(await page.locator('#model-abstain').count(), 0);
  assert.match(
    await page.textContent('#model-guarantee'),
    /answers only when such answers were wrong at most 10 % of the time on the data it was checked on \(setting: with blood tests\)/,
  );
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

  // The same child with the opposite findings: no longer {appendicitis}. The model never
  // certified a "no appendicitis" answer with blood tests alone, so it refuses, shows no
  // number, and names ultrasound as what would most likely let it answer.
  await answer(page, {
    migration_of_pain: 'no', nausea_vomiting: 'no', anorexia: 'no', rlq_tenderness: 'no',
    rebound_tenderness: 'no', cough_percussion_hop_tenderness: 'no',
  });
  for (const [id, v] of [['wbc_10e9_per_l', '6'], ['neutrophils_percent', '50'], ['crp_mg_per_l', '1']]) {
    await page.fill(`#model-${id}`, v);
  }
  await page.waitForSelector('#model-abstain');
  await page.waitForFunction(() => /with blood tests/.test(document.querySelector('#model-abstain')?.textContent ?? ''));
  assert.notEqual(await page.textContent('#model-set'), '{appendicitis}');
  assert.equal(await page.locator('#model-probability').count(), 0);
  assert.equal(await page.locator('#model-contributions').count(), 0);
  assert.match(await page.textContent('#model-next'), /ultrasound findings, which this app does not ask for yet/);

  // Age comes from the triage form: clearing it makes the model refuse for that reason.
  await page.fill('#age-years', '');
  await page.waitForFunction(() => /the age is not known/.test(document.querySelector('#model-abstain')?.textContent ?? ''));
  assert.match(await page.textContent('#model-next'), /enter the age/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the refusal and the set are in the reader\'s language', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-de');
  await enterCase(page, { age_years: 10, complaint: 'abdominal_pain', vitals: { temperature_c: '38.2' } });
  await page.waitForSelector('#model-abstain');
  assert.match(await page.textContent('#model-abstain'), /Nur 1 klinische Angabe ist bekannt/);
  assert.match(await page.textContent('#model-set'), /keine einzelne Antwort/);
  await page.click('#lang-fr');
  await page.waitForFunction(() => /seule 1 donnée clinique/.test(document.querySelector('#model-abstain')?.textContent ?? ''));
  assert.match(await page.textContent('#model-guarantee'), /au plus 10 % du temps/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('typing the weight while the model declines changes nothing on the screen but the field', async () => {
  // The weight is a model input: the numbers behind a refusal move with it, but a refusal does
  // not show them, and no triage rule reads the weight. So the nurse's keystrokes must leave
  // every part of the screen as it was (level, rule path, scores, the model's refusal), apart
  // from the field typed in.
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 10, weight_kg: 3, complaint: 'abdominal_pain', vitals: { temperature_c: '38.2' } });
  await page.waitForSelector('#model-abstain');
  await page.waitForFunction(() => (localStorage.getItem('pediatriage.draft') || '').includes('"weight_kg":3'));
  await page.evaluate(() => {
    window.__mutated = [];
    const field = document.querySelector('#weight').closest('.field');
    const name = (n) => {
      const el = n.nodeType === 1 ? n : n.parentElement;
      return el ? `${el.tagName.toLowerCase()}#${el.id}.${el.className}` : String(n);
    };
    new MutationObserver((records) => {
      for (const r of records) if (!field.contains(r.target)) window.__mutated.push(`${r.type} ${name(r.target)}`);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.click('#weight');
  for (const key of ['0', 'Backspace', '0', 'Backspace', '0']) await page.keyboard.press(key);
  // The edits reached the record (the autosaved draft holds 30 kg), and the screen has had
  // its frames since.
  await page.waitForFunction(() => (localStorage.getItem('pediatriage.draft') || '').includes('"weight_kg":30'));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.deepEqual(await page.evaluate(() => window.__mutated), []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
