// Guided anamnesis: a parent answers in French on one device and hands over a file or a QR
// code; a nurse on another device imports it and reads the same values in English; the GP's
// full history survives a reload, flags implausible values without losing anything, and
// exports a FHIR R4 Bundle that an established validator accepts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { answerParentForm, febrileToddler, validateFhir } from './anamnesis-helpers.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'pediatriage-anamnesis-'));
const app = useServerAndBrowser();

// A 16-month-old girl with fever, as her mother would answer (French).
const PARENT_ANSWERS = febrileToddler({
  parent_worry: { type: '7' },
  antipyretic_hours_ago: { type: '3' },
  medicines: { type: 'Doliprane 150 mg' },
  allergies: { type: 'Amoxicilline : urticaire' },
});

async function parentFillsInFrench() {
  const page = await newPage(app.browser, { acceptDownloads: true, viewport: { width: 390, height: 844 } });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-fr');
  await page.click('#tab-parent');
  const seen = await answerParentForm(page, PARENT_ANSWERS);
  // Asked by age: a 16-month-old is not asked about periods, nor for a pain scale.
  assert.ok(!seen.includes('menarche') && !seen.includes('pain_nrs'), seen.join(','));
  assert.ok(!seen.includes('birth_term'), 'birth term is asked under 1 year only');
  assert.match(await page.textContent('#parent-done-heading'), /Merci/);
  // The parent never sees a triage level.
  assert.equal(await page.locator('.level-banner:visible, .level-chip:visible').count(), 0);
  assert.equal(await page.locator('.red-flag-alert').count(), 0, 'no red flag in these answers');
  return page;
}

async function nurseImports(file) {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await page.click('#nurse-history summary');
  await page.setInputFiles('#import-file', file);
  await page.waitForSelector('#import-message');
  return page;
}

async function assertNurseSeesTheHistory(page) {
  assert.match(await page.textContent('#import-message'), /Imported \d+ answers \(given in French\)/);
  // The numbers land in the triage form itself: typed once, by the parent.
  assert.equal(await page.inputValue('#age-years'), '1');
  assert.equal(await page.inputValue('#age-months'), '4');
  assert.equal(await page.inputValue('#weight'), '10.2');
  assert.equal(await page.inputValue('#complaint'), 'fever');
  const summary = page.locator('#nurse-history-summary');
  const row = (id) => summary.locator(`tr[data-item="${id}"] td`);
  assert.equal(await row('fever_at_home').textContent(), 'Yes');
  assert.equal(await row('fever_max_c').textContent(), '39.4 °C');
  assert.equal(await row('antipyretic').textContent(), 'Paracetamol');
  assert.equal(await row('intake').textContent(), 'Less than usual (more than half)');
  assert.equal(await row('vomit_green').textContent(), 'No');
  // Free text stays as the parent wrote it.
  assert.equal(await row('medicines').textContent(), 'Doliprane 150 mg');
  assert.equal(await row('allergies').textContent(), 'Amoxicilline : urticaire');
  // Questions in English, not French.
  assert.match(await summary.textContent(), /Highest temperature at home/);
  assert.doesNotMatch(await summary.textContent(), /Température maximale/);
  // The imported findings reach the rules: a level is shown for the fields given.
  assert.ok(await page.locator('.level-banner').count() > 0);
}

test('a parent fills in French, downloads the file, a nurse imports it and reads it in English', async () => {
  const parent = await parentFillsInFrench();
  const [download] = await Promise.all([parent.waitForEvent('download'), parent.click('#handoff-download')]);
  const file = path.join(work, 'anamnesis.json');
  await download.saveAs(file);
  const handoff = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(handoff.format, 'pediatriage-handoff');
  assert.equal(handoff.lang, 'fr');
  assert.equal(handoff.answers.weight_kg, 10.2);
  assert.deepEqual(parent.errors, []);
  await parent.context().close();

  const nurse = await nurseImports(file);
  await assertNurseSeesTheHistory(nurse);
  assert.deepEqual(nurse.errors, []);
  await nurse.context().close();
});

test('the same hand-off by QR code: a picture of the code is read in the browser', async () => {
  const parent = await parentFillsInFrench();
  const qr = parent.locator('#handoff-qr');
  await qr.scrollIntoViewIfNeeded();
  const picture = path.join(work, 'qr.png');
  writeFileSync(picture, await qr.screenshot());
  await parent.context().close();

  const nurse = await nurseImports(picture);
  await assertNurseSeesTheHistory(nurse);
  await nurse.context().close();
});

test('a red-flag answer tells the parent to call 15 or 112 at once, with no level', async () => {
  const page = await newPage(app.browser, { viewport: { width: 390, height: 844 } });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-fr');
  await page.click('#tab-parent');
  await answerParentForm(page, {
    age_years: { type: '0' }, age_months: { type: '3' }, complaint: 'shortness_of_breath',
    fever_at_home: false, breathing_difficulty: true, breathing_pauses: true,
  }).catch(() => {});
  const alert = page.locator('#red-flag-alert-parent');
  assert.equal(await alert.getAttribute('role'), 'alert');
  assert.match(await alert.textContent(), /15.*112/);
  assert.match(await alert.textContent(), /arrêté de respirer/);
  assert.equal(await page.locator('.level-banner:visible, .level-chip:visible').count(), 0);
  await page.context().close();
});

test('a reload in the middle of the history restores every answer', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await page.click('#tab-history');
  await page.fill('#q-age_years', '6');
  await page.selectOption('#q-complaint', 'abdominal_pain');
  await page.click('#q-fever_at_home-yes');
  await page.fill('#q-fever_max_c', '38.7');
  await page.click('#q-pain-yes');
  await page.selectOption('#q-pain_location', 'abdomen');
  await page.selectOption('#q-pain_faces', '6');
  await page.fill('#q-medicines', 'none');
  await page.fill('#q-heart_rate_per_min', '128');
  await page.fill('#q-weight_kg', '2O'); // a typo: letter O, kept as typed

  await page.reload();
  await waitForApp(page);
  assert.ok(await page.locator('#notice-draft-restored').isVisible());
  assert.equal(await page.getAttribute('#tab-history', 'aria-pressed'), 'true', 'back on the same screen');
  assert.equal(await page.inputValue('#q-age_years'), '6');
  assert.equal(await page.inputValue('#q-complaint'), 'abdominal_pain');
  assert.equal(await page.getAttribute('#q-fever_at_home-yes', 'aria-pressed'), 'true');
  assert.equal(await page.inputValue('#q-fever_max_c'), '38.7');
  assert.equal(await page.inputValue('#q-pain_location'), 'abdomen');
  assert.equal(await page.inputValue('#q-pain_faces'), '6');
  assert.equal(await page.inputValue('#q-medicines'), 'none');
  assert.equal(await page.inputValue('#q-heart_rate_per_min'), '128');
  assert.equal(await page.inputValue('#q-weight_kg'), '2O');
  assert.match(await page.textContent('#q-weight_kg-error'), /Enter a number/);
  // The same values on the nurse's screen: entered once.
  await page.click('#tab-triage');
  assert.equal(await page.inputValue('#age-years'), '6');
  assert.equal(await page.inputValue('#heart-rate'), '128');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('implausible and impossible values get a message in the UI language; nothing else is lost', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-fr');
  await page.click('#tab-history');
  await page.fill('#q-age_years', '0');
  await page.fill('#q-age_months', '6');
  await page.fill('#q-weight_kg', '60');
  await page.fill('#q-medicines', 'Vitamine D');
  // Unusual for 6 months: flagged, kept, not refused.
  assert.match(await page.textContent('#q-weight_kg-warning'), /inhabituel à cet âge/);
  assert.equal(await page.textContent('#q-weight_kg-error'), '');
  // Impossible: refused next to the field, in French.
  await page.fill('#q-age_months', '14');
  assert.match(await page.textContent('#q-age_months-error'), /n'est pas possible ici.*de 0 à 11/);
  assert.equal(await page.locator('#q-fever_max_c').count(), 0, 'not asked: no fever answered');
  assert.equal(await page.inputValue('#q-age_years'), '0');
  assert.equal(await page.inputValue('#q-age_months'), '14', 'the refused text stays as typed');
  assert.equal(await page.inputValue('#q-weight_kg'), '60');
  assert.equal(await page.inputValue('#q-medicines'), 'Vitamine D');
  // Switching language re-words the message, and keeps the values.
  await page.click('#lang-en');
  assert.match(await page.textContent('#q-age_months-error'), /is not possible here/);
  assert.equal(await page.inputValue('#q-weight_kg'), '60');
  // The nurse's screen withholds a level while a field is refused.
  await page.click('#tab-triage');
  assert.equal(await page.inputValue('#age-months'), '14');
  await page.context().close();
});

test('the FHIR R4 export passes the fhir.resources R4 validator', async () => {
  const page = await newPage(app.browser, { acceptDownloads: true });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await page.click('#tab-history');
  await page.fill('#q-age_years', '3');
  await page.selectOption('#q-sex', 'male');
  await page.fill('#q-weight_kg', '14.5');
  await page.selectOption('#q-complaint', 'cough');
  await page.click('#q-breathing_difficulty-yes');
  await page.click('#q-grunting-no');
  await page.fill('#q-allergies', 'none known');
  await page.fill('#q-temperature_c', '38.2');
  await page.fill('#q-heart_rate_per_min', '132');
  await page.fill('#q-respiratory_rate_per_min', '34');
  await page.fill('#q-spo2_percent', '95');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-fhir')]);
  const file = path.join(work, 'bundle.json');
  await download.saveAs(file);
  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(bundle.resourceType, 'Bundle');
  const loinc = bundle.entry.slice(1).map((e) => [e.resource.code.coding[0].code, e.resource.valueQuantity.value]);
  assert.deepEqual(loinc.sort(), [['29463-7', 14.5], ['59408-5', 95], ['8310-5', 38.2], ['8867-4', 132], ['9279-1', 34]].sort());
  const result = validateFhir(file);
  assert.ok(result.ok, result.output);
  assert.match(result.output, /valid FHIR R4 Bundle \(6 entries\)/);
  // The validator is not a rubber stamp: a broken copy fails.
  const broken = structuredClone(bundle);
  broken.entry[1].resource.valueQuantity.value = 'high';
  const brokenFile = path.join(work, 'broken.json');
  writeFileSync(brokenFile, JSON.stringify(broken));
  assert.equal(validateFhir(brokenFile).ok, false);
  await page.context().close();
});

test('the printable summary lists the history on its own', async () => {
  const page = await newPage(app.browser);
  await page.addInitScript(() => {
    window.__printed = 0;
    window.print = () => { window.__printed += 1; };
  });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await page.click('#tab-history');
  await page.fill('#q-age_years', '9');
  await page.click('#q-injury-yes');
  await page.selectOption('#q-injury_mechanism', 'fall_high');
  await page.click('#print-summary');
  assert.equal(await page.evaluate(() => window.__printed), 1);
  await page.emulateMedia({ media: 'print' });
  const summary = page.locator('#history-summary');
  assert.ok(await summary.isVisible());
  assert.match(await summary.textContent(), /Fall from over 1 m/);
  // Forms and navigation are not printed.
  assert.equal(await page.locator('#q-age_years').isVisible(), false);
  assert.equal(await page.locator('#tab-history').isVisible(), false);
  await page.context().close();
});
