// Each sign is asked once (rules/data/observations.toml, the one vocabulary): a sign answered in
// a score's questions is the record entry the triage rules read, a sign set in the triage form
// shows answered in the score questions, and what earlier versions of the app saved (a draft
// with findings, score answers and the model's own answers; a parent's hand-off file) comes
// back into that one record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { decidingRules, enterCase, openModelQuestions, ruleLevel, shownLevel } from './triage-helpers.mjs';

const app = useServerAndBrowser();
const TABLET = { width: 800, height: 1280 };

const pressed = (page, selector) => page.getAttribute(selector, 'aria-pressed');

/**
 * The record as the draft holds it (autosaved a moment after each change), once
 * `check(observations, record)` holds; polled from here (the page's CSP forbids evaluating
 * source text in it).
 */
async function draftRecord(page, check) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const d = JSON.parse((await page.evaluate(() => localStorage.getItem('pediatriage.draft'))) || 'null');
    if (d && check(d.record.observations ?? {}, d.record)) return d.record;
    if (Date.now() > deadline) throw new Error(`the draft never held the expected record: ${JSON.stringify(d?.record)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('a nurse on a tablet answers croup signs in the Westley questions only (stridor presentation): the triage level follows', async () => {
  const page = await newPage(app.browser, { viewport: TABLET });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 2, complaint: 'stridor' });
  await page.locator('details.score[data-score-id="westley"]').waitFor();
  await page.click('#score-questions > summary');

  // Stridor at rest and moderate retractions, both answered in the score's questions.
  await page.click('#answer-stridor-at_rest');
  await page.click('#answer-retractions-moderate');
  const level2 = Math.min(ruleLevel('paedctas.complaint.stridor.marked'), ruleLevel('paedctas.respiratory.moderate_graded_signs'));
  assert.equal(level2, 2, 'the triage criteria give level 2 for these signs');
  assert.equal(await shownLevel(page, 2), '2');
  const deciding = await decidingRules(page);
  assert.ok(deciding.includes('paedctas.respiratory.moderate_graded_signs'), deciding);
  // The same entry the triage form shows: one record entry per sign.
  assert.equal(await pressed(page, '#obs-stridor-at_rest'), 'true');
  assert.equal(await pressed(page, '#obs-retractions-moderate'), 'true');
  const record = await draftRecord(page, (o) => o.retractions === 'moderate');
  assert.deepEqual(record.observations, { stridor: 'at_rest', retractions: 'moderate' });

  // Stridor with agitation only (retractions back to "not answered"): level 3.
  await page.click('#answer-retractions-unanswered');
  await page.click('#answer-stridor-with_agitation');
  assert.equal(ruleLevel('paedctas.complaint.stridor.audible'), 3);
  assert.equal(await shownLevel(page, 3), '3');
  const after = await draftRecord(page, (o) => !('retractions' in o) && o.stridor === 'with_agitation');
  assert.deepEqual(after.observations, { stridor: 'with_agitation' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('stridor set in the triage form shows answered in the Westley questions: one entry, not two', async () => {
  const page = await newPage(app.browser, { viewport: TABLET });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 2, complaint: 'cough', observations: { stridor: 'at_rest' } });
  await page.locator('details.score[data-score-id="westley"]').waitFor();
  await page.click('#score-questions > summary');
  const question = page.locator('#score-questions [data-question="stridor"]');
  assert.equal(await question.getAttribute('data-in-form'), 'true');
  assert.equal(await pressed(page, '#answer-stridor-at_rest'), 'true');
  assert.equal(await pressed(page, '#answer-stridor-unanswered'), 'false');
  assert.match(await page.textContent('#answer-stridor-above'), /Entered above/);
  // A question the form does not ask has no such note.
  assert.equal(await page.locator('#score-questions [data-question="consciousness_westley"]').getAttribute('data-in-form'), 'false');
  assert.equal(await page.locator('#answer-consciousness_westley-above').count(), 0);
  // The score read it: the item has its points, no range for it.
  await page.locator('details.score[data-score-id="westley"] > summary').click();
  assert.match(await page.locator('details.score[data-score-id="westley"] .trace-body').innerText(), /Stridor: At rest/);
  // Cleared in the questions, cleared in the form: the same record entry.
  await page.click('#answer-stridor-unanswered');
  assert.equal(await pressed(page, '#obs-stridor-at_rest'), 'false');
  assert.equal(await pressed(page, '#obs-stridor-unanswered'), 'true');
  assert.equal(await page.locator('#answer-stridor-above').count(), 0);
  const record = await draftRecord(page, (o) => !('stridor' in o));
  assert.equal(Object.keys(record.observations ?? {}).filter((k) => k.includes('stridor')).length, 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

/** A draft as the app wrote it before the one vocabulary (draft format 1, record format 1). */
const OLD_DRAFT = {
  format: 1,
  record: {
    age_years: 10,
    complaint: 'abdominal_pain',
    vitals: { temperature_c: 38.1 },
    findings: ['mottled_skin', 'speaks_phrases'],
    answers: { anorexia: true, wbc_10e9_per_l: 14.5 },
  },
  texts: { age_years: '10', temperature_c: '38,1' },
  answer_texts: { wbc_10e9_per_l: '14.5' },
  anamnesis: {},
  anamnesis_texts: {},
  model_answers: { sex: 'male', migratory_pain: true, psoas_sign: true, dysuria: false, crp_mg_per_l: 42 },
  model_texts: { crp_mg_per_l: '42' },
};

test('a draft of the previous format is restored: findings, score answers and model answers show in the form', async () => {
  const page = await newPage(app.browser, { viewport: TABLET });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.evaluate((text) => localStorage.setItem('pediatriage.draft', text), JSON.stringify(OLD_DRAFT));
  await page.reload();
  await waitForApp(page);
  await page.click('#lang-en');
  assert.ok(await page.locator('#notice-draft-restored').isVisible(), 'restored, not set aside');
  assert.equal(await page.locator('#notice-draft-set-aside').count(), 0);
  assert.equal(await page.inputValue('#age-years'), '10');
  assert.equal(await page.inputValue('#temperature'), '38,1');
  // Findings of format 1 became observations: a ticked danger sign, a graded sign.
  assert.equal(await pressed(page, '#obs-mottled_skin'), 'true');
  assert.equal(await pressed(page, '#obs-speech-phrases'), 'true');
  // The model's own answers were moved into the record under their vocabulary codes.
  await page.waitForSelector('#model-panel');
  // Folded, its title counts what the draft answered (sex, three signs, two blood tests).
  const { answered } = await openModelQuestions(page);
  assert.ok(answered >= 6, `answered count in the title: ${answered}`);
  assert.equal(await pressed(page, '#model-migration_of_pain-yes'), 'true');
  assert.equal(await pressed(page, '#model-psoas_sign-yes'), 'true');
  assert.equal(await pressed(page, '#model-anorexia-yes'), 'true');
  assert.equal(await page.inputValue('#model-crp_mg_per_l'), '42');
  assert.equal(await page.inputValue('#model-wbc_10e9_per_l'), '14.5');
  assert.equal(await pressed(page, '#model-sex-male'), 'true');
  // Saved again in today's format, every value once in the record.
  const record = await draftRecord(page, (o, r) => o.psoas_sign === true && !('findings' in r));
  assert.equal(record.observations.migration_of_pain, true);
  assert.equal(record.observations.speech, 'phrases');
  assert.equal(record.observations.dysuria, false);
  assert.equal(record.observations.crp_mg_per_l, 42);
  const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('pediatriage.draft')));
  assert.equal(saved.format, 2);
  assert.equal(saved.model_answers, undefined);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a hand-off file written before the one vocabulary still imports into the record', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pediatriage-handoff-'));
  const file = path.join(dir, 'old-handoff.json');
  // The hand-off is questionnaire answers; its items then mapped to findings and score answers.
  writeFileSync(file, JSON.stringify({
    format: 'pediatriage-handoff', questionnaire: 'anamnesis', version: 1, lang: 'fr',
    answers: { age_years: 10, complaint: 'abdominal_pain', blue_lips: true, pain: true, pain_location: 'abdomen', pain_migrated_rlq: true, appetite_loss: true },
  }));
  const page = await newPage(app.browser, { viewport: TABLET });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await page.click('#nurse-history summary');
  await page.setInputFiles('#import-file', file);
  await page.waitForSelector('#import-message');
  assert.match(await page.textContent('#import-message'), /Imported 7 answers \(given in French\)/);
  assert.equal(await page.inputValue('#age-years'), '10');
  assert.equal(await page.inputValue('#complaint'), 'abdominal_pain');
  // Blue lips is the graded cyanosis sign, at rest; the abdominal answers are the model's and
  // the scores' entries.
  assert.equal(await pressed(page, '#obs-cyanosis-at_rest'), 'true');
  await openModelQuestions(page);
  assert.equal(await pressed(page, '#model-migration_of_pain-yes'), 'true');
  assert.equal(await pressed(page, '#model-anorexia-yes'), 'true');
  const record = await draftRecord(page, (o) => o.cyanosis === 'at_rest');
  assert.equal(record.observations.migration_of_pain, true);
  assert.equal(record.observations.anorexia, true);
  // Cyanosis at rest is a level-1 sign for the triage rules.
  assert.equal(await shownLevel(page, ruleLevel('paedctas.respiratory.severe_graded_signs')), '1');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
