// The exported FHIR R4 Questionnaire in an independent SDC renderer: NLM's LHC-Forms (npm
// `lforms`, its built web component, served to Chromium from node_modules through page.route so
// no request leaves this machine). It shows the UCUM units and enforces the min/max limits; for a
// set of answer combinations it asks exactly the questions the app's own GP history asks (the
// app's condition logic against FHIR's enableWhen, `!=` on no answer and `exists` included); and a
// QuestionnaireResponse filled in it imports into the nurse's screen with the same values as the
// app's own hand-off of the same answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { launchBrowser, newPage, startServer, waitForApp } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const LFORMS = path.join(here, 'node_modules/lforms/dist/lforms');
// A made-up origin: every request to it is answered from node_modules, every other is refused.
const ORIGIN = 'http://lhc-forms.invalid';

/** The Questionnaire as the project exports it now (the example is built by the native tests). */
function exportedQuestionnaire(lang) {
  const run = spawnSync('cargo', ['run', '-q', '-p', 'rules', '--example', 'fhir_export', '--', 'questionnaire', lang], {
    cwd: root, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20,
  });
  assert.equal(run.status, 0, `fhir_export failed: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const QUESTIONNAIRE = exportedQuestionnaire('en');

/** linkId -> item, for the question items (groups left out), in questionnaire order. */
const ITEMS = new Map();
(function collect(items) {
  for (const item of items) {
    if (item.type !== 'group') ITEMS.set(item.linkId, item);
    collect(item.item ?? []);
  }
})(QUESTIONNAIRE.item);

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css">
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/runtime.js" type="module"></script>
<script src="/lforms/webcomponent/polyfills.js" type="module"></script>
<script src="/lforms/webcomponent/main.js" type="module"></script>
<script src="/lforms/fhir/R4/lformsFHIR.min.js" defer></script>
</head><body><div id="form"></div></body></html>`;

const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.ico': 'image/x-icon' };

const app = { server: null, browser: null };
before(async () => {
  assert.ok(existsSync(path.join(LFORMS, 'webcomponent/main.js')), 'lforms is missing: run scripts/setup.sh');
  app.server = await startServer();
  app.browser = await launchBrowser();
});
after(async () => {
  await app.browser?.close();
  app.server?.stop();
});

/** A page with the questionnaire rendered by LHC-Forms; `page.outside` lists refused requests. */
async function lhcPage(questionnaire = QUESTIONNAIRE) {
  const page = await newPage(app.browser);
  page.outside = [];
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) {
      page.outside.push(url.href);
      return route.abort();
    }
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
    const file = path.join(LFORMS, decodeURIComponent(url.pathname).replace(/^\/lforms\//, ''));
    if (!file.startsWith(`${LFORMS}/`) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ contentType: TYPES[path.extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  });
  await page.goto(`${ORIGIN}/`);
  await page.waitForFunction(() => window.LForms?.Util?.addFormToPage && window.LForms?.FHIR, null, { timeout: 30_000 });
  await page.evaluate((q) => LForms.Util.addFormToPage(q, 'form', { fhirVersion: 'R4' }), questionnaire);
  await page.waitForSelector('[id="item-age_years/1/1"]');
  return page;
}

// Every question sits one level down, in its section group: LHC-Forms numbers it "/1/1".
const lhcField = (id) => `[id="${id}/1/1"]`;

/** Answers one question in LHC-Forms as a person would: typing, a radio button, or the list. */
async function lhcAnswer(page, id, value) {
  const item = ITEMS.get(id);
  const options = { timeout: 5_000 };
  await page.waitForSelector(`[id="item-${id}/1/1"]`, options).catch(() => {
    throw new Error(`LHC-Forms does not show ${id}`);
  });
  if (item.type === 'boolean') {
    await page.click(`[id="${id}/1/1|${value}"]`, options);
  } else if (item.type === 'choice') {
    const index = item.answerOption.findIndex((o) => o.valueCoding.code === value);
    assert.ok(index >= 0, `${id} has no option ${value}`);
    await page.click(lhcField(id), options);
    await page.click(`#lhc-tools-searchResults li[autocomprawlistindex="${index}"]`, options);
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.value === want,
      [lhcField(id), item.answerOption[index].valueCoding.display],
      options,
    );
    // The list shows the choice before LHC-Forms' own data holds it: wait for the data too, so
    // that a response read right after the last answer has it (seen missing once under load).
    await page.waitForFunction(
      ([linkId, code]) => {
        const find = (items) => {
          for (const i of items ?? []) {
            if (i.linkId === linkId) return i;
            const inner = find(i.item);
            if (inner) return inner;
          }
          return null;
        };
        const data = LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form'));
        return find(data.item)?.answer?.some((a) => a.valueCoding?.code === code) ?? false;
      },
      [id, value],
      options,
    );
  } else {
    await page.fill(lhcField(id), String(value), options);
    await page.press(lhcField(id), 'Tab');
  }
}

/** The questions LHC-Forms shows, in order. */
async function lhcShown(page) {
  const ids = await page.$$eval('lhc-item[id^="item-"]', (els) => els.map((e) => e.id.replace(/^item-/, '').replace(/\/.*$/, '')));
  return ids.filter((id) => ITEMS.has(id));
}

/** The app on its GP history tab (every question asked at this age), in English. */
async function appHistory() {
  const page = await newPage(app.browser, { acceptDownloads: true });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await page.click('#tab-history');
  await page.waitForSelector('.history-fields .q-field[data-item="age_years"]');
  return page;
}

/** Answers one question on the app's GP history tab. */
async function appAnswer(page, id, value) {
  const item = ITEMS.get(id);
  const options = { timeout: 5_000 };
  await page.waitForSelector(`.history-fields .q-field[data-item="${id}"]`, options).catch(() => {
    throw new Error(`the app does not show ${id}`);
  });
  if (item.type === 'boolean') await page.click(`#q-${id}-${value ? 'yes' : 'no'}`, options);
  else if (item.type === 'choice') await page.selectOption(`#q-${id}`, value, options);
  else await page.fill(`#q-${id}`, String(value), options);
}

async function appShown(page) {
  return page.$$eval('.history-fields .q-field[data-item]', (els) => els.map((e) => e.dataset.item));
}

/** The answers in questionnaire order (an earlier answer can enable a later question). */
const inOrder = (answers) => [...ITEMS.keys()].filter((id) => id in answers).map((id) => [id, answers[id]]);

test('LHC-Forms renders the exported Questionnaire with its UCUM units, offline', async () => {
  const page = await lhcPage();
  for (const [id, unit] of [['age_years', 'years'], ['weight_kg', 'kg'], ['illness_days', 'days'], ['temperature_c', '°C'], ['spo2_percent', '%']]) {
    assert.equal(await page.inputValue(`[id="unit_${id}/1/1"]`), unit, `unit of ${id}`);
  }
  await lhcAnswer(page, 'fever_at_home', true);
  assert.equal(await page.inputValue('[id="unit_fever_max_c/1/1"]'), '°C');
  // An item without a unit shows none.
  assert.equal(await page.locator('[id="unit_parent_worry/1/1"]').count(), 0);
  assert.deepEqual(page.outside, [], 'no request left the machine');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const [id, bad, good, message] of [
  ['age_years', 25, 3, /less than or equal to 17/],
  ['parent_worry', 42, 7, /less than or equal to 10/],
  ['weight_kg', 0.1, 14.5, /greater than or equal to 0\.3/],
]) {
  test(`LHC-Forms enforces the exported limits: ${id} ${bad} is refused, ${good} accepted`, async () => {
    const page = await lhcPage();
    const error = page.locator(`[id="item-${id}/1/1"] .lhc-validation-popover .lhc-error-msg`);
    await lhcAnswer(page, id, bad);
    await error.waitFor({ timeout: 5_000 });
    assert.match(await error.textContent(), message);
    const errors = await page.evaluate(() => LForms.Util.checkValidity(document.getElementById('form')));
    assert.ok(Array.isArray(errors) && errors.length === 1, `LHC-Forms reports one invalid field: ${JSON.stringify(errors)}`);
    await lhcAnswer(page, id, good);
    await error.waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await page.evaluate(() => LForms.Util.checkValidity(document.getElementById('form'))), null,
      'no error left on the form');
    await page.context().close();
  });
}

// Answer combinations, each with what must be shown and hidden; both renderers must also ask
// exactly the same questions overall.
const SCENARIOS = [
  { name: 'nothing answered', answers: {}, shown: ['age_years', 'fever_at_home', 'pain'], hidden: ['age_months', 'fever_max_c', 'antipyretic', 'antipyretic_hours_ago', 'birth_term'] },
  { name: 'fever at home, antipyretic unanswered', answers: { fever_at_home: true }, shown: ['fever_max_c', 'fever_days', 'antipyretic'], hidden: ['antipyretic_hours_ago'] },
  { name: 'fever at home, paracetamol given', answers: { fever_at_home: true, antipyretic: 'paracetamol' }, shown: ['antipyretic_hours_ago'], hidden: [] },
  { name: 'fever at home, no antipyretic (the != case)', answers: { fever_at_home: true, antipyretic: 'none' }, shown: ['antipyretic'], hidden: ['antipyretic_hours_ago'] },
  { name: 'no fever at home', answers: { fever_at_home: false }, shown: [], hidden: ['fever_max_c', 'fever_days', 'antipyretic', 'antipyretic_hours_ago'] },
  { name: 'newborn, born preterm', answers: { age_years: 0, age_months: 0, birth_term: 'preterm' }, shown: ['age_months', 'age_weeks', 'birth_term', 'gestation_weeks', 'neonatal_care'], hidden: ['pain_nrs'] },
  { name: 'five months, born at term', answers: { age_years: 0, age_months: 5, birth_term: 'term' }, shown: ['age_months', 'birth_term', 'neonatal_care'], hidden: ['age_weeks', 'gestation_weeks'] },
  { name: 'one year old', answers: { age_years: 1, age_months: 3 }, shown: ['age_months'], hidden: ['age_weeks', 'birth_term', 'neonatal_care'] },
  { name: 'girl of 10 with tummy pain, periods started', answers: { age_years: 10, sex: 'female', pain: true, pain_location: 'abdomen', menarche: true }, shown: ['pain_location', 'pain_nrs', 'pain_migrated_rlq', 'appetite_loss', 'menarche', 'last_period_weeks'], hidden: ['age_months', 'pain_faces'] },
  { name: 'girl of 8 with a headache', answers: { age_years: 8, sex: 'female', pain: true, pain_location: 'head' }, shown: ['pain_nrs'], hidden: ['pain_faces', 'menarche', 'pain_migrated_rlq'] },
  { name: 'boy of 4 in pain', answers: { age_years: 4, sex: 'male', pain: true }, shown: ['pain_faces', 'pain_location'], hidden: ['pain_nrs', 'menarche', 'appetite_loss'] },
  { name: 'every screening question yes', answers: { breathing_difficulty: true, vomiting: true, diarrhoea: true, rash: true, seizure_today: true, injury: true }, shown: ['grunting', 'vomit_green', 'vomit_blood', 'stool_blood', 'rash_non_blanching', 'seizure_ongoing', 'injury_mechanism', 'injury_lost_consciousness'], hidden: [] },
  { name: 'every screening question no', answers: { breathing_difficulty: false, vomiting: false, diarrhoea: false, rash: false, seizure_today: false, injury: false, pain: false }, shown: [], hidden: ['grunting', 'vomit_green', 'vomit_blood', 'stool_blood', 'rash_non_blanching', 'seizure_ongoing', 'injury_mechanism', 'injury_lost_consciousness', 'pain_location'] },
];

for (const scenario of SCENARIOS) {
  test(`LHC-Forms asks the same questions as the app: ${scenario.name}`, async () => {
    const lhc = await lhcPage();
    const gp = await appHistory();
    for (const [id, value] of inOrder(scenario.answers)) {
      await lhcAnswer(lhc, id, value);
      await appAnswer(gp, id, value);
    }
    const byLhc = await lhcShown(lhc);
    const byApp = await appShown(gp);
    assert.deepEqual(byLhc, byApp, `${scenario.name}: LHC-Forms and the app ask different questions`);
    for (const id of scenario.shown) assert.ok(byLhc.includes(id), `${scenario.name}: ${id} should be asked`);
    for (const id of scenario.hidden) assert.ok(!byLhc.includes(id), `${scenario.name}: ${id} should not be asked`);
    assert.deepEqual(lhc.errors, [], scenario.name);
    assert.deepEqual(gp.errors, [], scenario.name);
    assert.deepEqual(lhc.outside, []);
    await lhc.context().close();
    await gp.context().close();
  });
}

// A history filled in LHC-Forms, as a hospital portal would.
const FILLED = {
  age_years: 3, sex: 'male', weight_kg: 14.5,
  complaint: 'fever', illness_days: 2, parent_worry: 7,
  fever_at_home: true, fever_max_c: 39.8, fever_days: 2, antipyretic: 'paracetamol', antipyretic_hours_ago: 4,
  breathing_difficulty: false, vomiting: true, vomit_green: false,
  rash: false, alertness: 'normal',
  allergies: 'none known', immunisations: 'yes',
};

/** Imports a file on the nurse's screen, in French; returns the page. */
async function nurseImports(name, buffer) {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-fr');
  await page.click('#nurse-history summary');
  await page.setInputFiles('#import-file', { name, mimeType: 'application/json', buffer });
  await page.waitForSelector('#import-message');
  return page;
}

/** What the nurse sees after an import: the message, the triage fields and the summary rows. */
async function nurseSees(page) {
  const rows = await page.$$eval('#nurse-history-summary tr[data-item]', (trs) => trs.map((tr) => [tr.dataset.item, tr.querySelector('td')?.textContent]));
  return {
    message: await page.textContent('#import-message'),
    age: await page.inputValue('#age-years'),
    weight: await page.inputValue('#weight'),
    complaint: await page.inputValue('#complaint'),
    rows: Object.fromEntries(rows),
  };
}

test('a QuestionnaireResponse filled in LHC-Forms imports into the nurse screen like the app’s own hand-off', async () => {
  const lhc = await lhcPage();
  for (const [id, value] of inOrder(FILLED)) await lhcAnswer(lhc, id, value);
  const response = await lhc.evaluate(() => LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', document.getElementById('form')));
  assert.deepEqual(lhc.errors, []);
  assert.deepEqual(lhc.outside, []);
  await lhc.context().close();
  assert.equal(response.resourceType, 'QuestionnaireResponse');
  assert.equal(response.questionnaire, `${QUESTIONNAIRE.url}|${QUESTIONNAIRE.version}`);
  const answered = [];
  (function collect(items) {
    for (const item of items ?? []) {
      if (item.answer) answered.push(item.linkId);
      collect(item.item);
    }
  })(response.item);
  assert.deepEqual(answered, inOrder(FILLED).map(([id]) => id), 'LHC-Forms wrote every answer');

  const imported = await nurseImports('lhc-forms-response.json', Buffer.from(JSON.stringify(response)));
  const fromLhc = await nurseSees(imported);
  assert.deepEqual(imported.errors, []);
  assert.equal(await imported.getAttribute('#import-message', 'role'), 'status', `refused: ${fromLhc.message}`);
  assert.match(fromLhc.message, new RegExp(`${answered.length} réponses`));
  assert.equal(fromLhc.age, '3');
  assert.equal(fromLhc.weight, '14.5');
  assert.equal(fromLhc.complaint, 'fever');
  assert.equal(fromLhc.rows.fever_at_home, 'Oui');
  assert.equal(fromLhc.rows.fever_max_c, '39.8 °C');
  assert.equal(fromLhc.rows.antipyretic_hours_ago, '4 heures');
  assert.equal(fromLhc.rows.allergies, 'none known');
  await imported.context().close();

  // The same answers typed into the app's GP history and handed off as the app's own file.
  const gp = await appHistory();
  for (const [id, value] of inOrder(FILLED)) await appAnswer(gp, id, value);
  const [download] = await Promise.all([gp.waitForEvent('download'), gp.click('#handoff-download')]);
  const handoff = readFileSync(await download.path());
  assert.deepEqual(gp.errors, []);
  await gp.context().close();
  const own = await nurseImports('handoff.json', handoff);
  const fromHandoff = await nurseSees(own);
  await own.context().close();
  assert.deepEqual(fromLhc, fromHandoff, 'the LHC-Forms response and the hand-off read the same');
});
