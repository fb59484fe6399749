// German (issue #15), end to end in Chromium whose browser language is de-DE, with a fresh
// profile: the first screen follows the browser language and the choice is remembered; a change
// of language in the middle of a form loses nothing; a triage case typed as a nurse would shows
// its level, deciding rule, rule path and scores in German; a parent fills in the history in
// German to the hand-off, which a nurse whose browser is French imports and reads in French; the
// GP's FHIR export in German passes the R4 validator. The German words expected are read from
// the locale files and the rule data (and a few are spelled out, so the test cannot pass by
// reading English on both sides); every screen is also searched for English texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { newPage, shownText, useServerAndBrowser, waitForApp } from './harness.mjs';
import { decidingRules, enterCase, ruleLevel, shownLevel } from './triage-helpers.mjs';
import { answerParentForm, febrileToddler, validateFhir } from './anamnesis-helpers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), 'pediatriage-german-'));
const app = useServerAndBrowser();

const locale = (code) => JSON.parse(readFileSync(path.join(root, `app/locales/${code}.json`), 'utf8'));
const DE = locale('de');
const EN = locale('en');
const FR = locale('fr');

/**
 * Every text of the rule data (rules/data/**.toml) as { file, en, fr, de }: each table that has
 * `en` and `de` strings (labels, definitions, parent wording, options, bands, levels, messages).
 * Read with Python's tomllib, the TOML reader at hand.
 */
const DATA_TEXTS = (() => {
  const script = `
import json, pathlib, sys, tomllib
out = []
def walk(file, v):
    if isinstance(v, dict):
        if isinstance(v.get("en"), str) and isinstance(v.get("de"), str):
            out.append({"file": file, "en": v["en"], "fr": v.get("fr"), "de": v["de"]})
        for x in v.values():
            walk(file, x)
    elif isinstance(v, list):
        for x in v:
            walk(file, x)
data = pathlib.Path(sys.argv[1])
for f in sorted(data.rglob("*.toml")):
    walk(str(f.relative_to(data)), tomllib.loads(f.read_text(encoding="utf-8")))
print(json.dumps(out))`;
  const run = spawnSync('python3', ['-c', script, path.join(root, 'rules/data')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`reading the rule data: ${run.stderr}`);
  return JSON.parse(run.stdout);
})();

/** The German text of the rule data whose English is `en` (in `file`, when given). */
function dataDe(en, file) {
  const found = DATA_TEXTS.filter((t) => t.en === en && (!file || t.file === file));
  if (found.length === 0) throw new Error(`no data text "${en}"${file ? ` in ${file}` : ''}`);
  return found[0].de;
}

/** The questionnaire's item `id`, from the data: { en, fr, de, parent: { en, fr, de }, options }. */
const QUESTIONNAIRE = (() => {
  const run = spawnSync('python3', ['-c',
    'import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))',
    path.join(root, 'rules/data/questionnaire/anamnesis.toml')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
})();
/** The `note` remarks of the rule data (one language only, English). */
const DATA_NOTES = (() => {
  const script = `
import json, pathlib, sys, tomllib
out = []
def walk(v):
    if isinstance(v, dict):
        if isinstance(v.get("note"), str):
            out.append(v["note"])
        for x in v.values():
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.toml")):
    walk(tomllib.loads(f.read_text(encoding="utf-8")))
print(json.dumps(out))`;
  const run = spawnSync('python3', ['-c', script, path.join(root, 'rules/data')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
})();

const qItem = (id) => QUESTIONNAIRE.items.find((i) => i.id === id) ?? assert.fail(`no item ${id}`);
const qOption = (id, code) => qItem(id).options.find((o) => o.code === code) ?? assert.fail(`no option ${id}.${code}`);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const letter = '[\\p{L}\\p{N}]';

/**
 * English texts (UI keys and rule data) found in `text`: every English text that the German
 * one does not also spell, of at least 4 characters and not made of codes or numbers only,
 * matched as whole words. Texts in `allowed` (e.g. what a person typed) are removed first.
 */
function englishIn(text, allowed = []) {
  let rest = text;
  // What a person typed, and texts spelled the same in both (names such as "Faces Pain Scale –
  // Revised"), longest first, so that a word inside them is not taken for English.
  const same = [
    ...Object.entries(EN).filter(([k, en]) => DE[k] === en).map(([, en]) => en),
    ...DATA_TEXTS.filter((t) => t.en === t.de).map((t) => t.en),
  ].filter((x) => x.length >= 8);
  for (const a of [...allowed, ...same.sort((x, y) => y.length - x.length)]) {
    if (a) rest = rest.split(a).join(' ');
  }
  // [English, German] of every text the German screen could show.
  const pairs = [];
  for (const [key, en] of Object.entries(EN)) {
    if (key.startsWith('lang.name.')) continue; // "English" is the picker's own label
    if (en !== DE[key]) pairs.push([en, DE[key] ?? '']);
  }
  for (const t of DATA_TEXTS) if (t.en !== t.de) pairs.push([t.en, t.de]);
  const found = [];
  for (const [en, de] of pairs) {
    // Placeholders split a template into the parts a person reads.
    for (const part of en.split(/\{[a-z_]+\}/)) {
      const p = part.trim();
      if (p.length < 4 || !/\p{L}{3}/u.test(p)) continue;
      // Spelled the same in its German text (a unit, a name, an abbreviation), or elsewhere.
      if (de.includes(p) || DATA_TEXTS.some((t) => t.de === p) || Object.values(DE).includes(p)) continue;
      const re = new RegExp(`(?<!${letter})${escape(p)}(?!${letter})`, 'u');
      if (re.test(rest)) found.push(p);
    }
  }
  return [...new Set(found)];
}

function assertNoEnglish(text, where, allowed) {
  const found = englishIn(text, allowed);
  assert.deepEqual(found, [], `English text on the German ${where}: ${found.map((f) => `"${f}"`).join(', ')}`);
}

/** A fresh browser profile whose language is `locale` (as the user's operating system sets it). */
async function browserIn(locale, options = {}) {
  const page = await newPage(app.browser, { locale, ...options });
  return page;
}

async function openApp(page) {
  await page.goto(app.server.url);
  await waitForApp(page);
}

test('first visit in a de-DE browser: the first screen is German, and the choice is remembered', async () => {
  const page = await browserIn('de-DE');
  assert.deepEqual((await page.context().storageState()).origins, [], 'a fresh profile: nothing stored');
  await openApp(page);
  // The browser really says German (what the app reads on a first visit).
  const languages = await page.evaluate(() => [navigator.language, ...navigator.languages]);
  assert.match(languages[0], /^de\b/, `navigator.language: ${languages}`);
  assert.match(languages[1], /^de\b/, `navigator.languages: ${languages}`);

  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  assert.equal(await page.getAttribute('#lang-de', 'aria-pressed'), 'true');
  assert.equal(await page.getAttribute('#lang-en', 'aria-pressed'), 'false');
  assert.equal(await page.getAttribute('#lang-fr', 'aria-pressed'), 'false');
  assert.equal((await page.textContent('#lang-de')).trim(), 'Deutsch');
  assert.equal(await page.textContent('#app-title'), DE['app.title']);
  assert.equal(await page.textContent('.tagline'), DE['app.tagline']);
  assert.match(DE['app.tagline'], /Ersteinschätzung/);
  assert.equal((await page.textContent('#tab-triage')).trim(), 'Ersteinschätzung');
  assert.equal((await page.textContent('#tab-triage')).trim(), DE['nav.triage']);
  assert.equal((await page.textContent('#tab-parent')).trim(), DE['nav.parent']);
  assert.equal((await page.textContent('#tab-history')).trim(), DE['nav.history']);
  assert.match(await page.textContent('#tab-records'), new RegExp(`^${escape(DE['nav.records'])} \\(0\\)$`));
  assert.equal(await page.getAttribute('#tab-triage', 'aria-pressed'), 'true', 'the triage screen first');
  assert.equal((await page.textContent('#new-patient')).trim(), DE['patient.new']);
  assert.equal(await page.textContent('#ranges-prompt'), DE['ranges.prompt']);
  assert.equal(await page.getAttribute('.lang-switch', 'aria-label'), DE['lang.label']);
  // The form's own words: field labels from the locale file, complaints from the rule data.
  const form = await page.innerText('#main');
  for (const key of ['entry.child', 'entry.vitals', 'field.capillary_refill_s', 'entry.danger_signs']) {
    assert.ok(form.includes(DE[key]), `the form shows ${key} "${DE[key]}"`);
  }
  assert.ok(form.includes('Rekapillarisierungszeit'));
  const complaints = await page.$$eval('#complaint option', (os) => os.map((o) => o.textContent.trim()));
  assert.ok(complaints.includes(dataDe('Fever', 'complaints.toml')), complaints.join(' | '));
  assert.ok(complaints.includes('Fieber'), complaints.join(' | '));
  assertNoEnglish(await page.innerText('body'), 'first screen');
  // The search for English is not a rubber stamp: the same screen in English is full of it.
  await page.click('#lang-en');
  assert.ok(englishIn(await page.innerText('body')).length > 20, 'English found on the English screen');
  await page.click('#lang-de');
  assertNoEnglish(await page.innerText('body'), 'first screen, back in German');

  // A reload keeps German; a language chosen by hand wins over the browser's after a reload.
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.getAttribute('#lang-de', 'aria-pressed'), 'true');
  await page.click('#lang-fr');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.getAttribute('#lang-fr', 'aria-pressed'), 'true', 'French remembered in a German browser');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal((await page.textContent('#tab-triage')).trim(), FR['nav.triage']);
  await page.click('#lang-de');
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.getAttribute('#lang-de', 'aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => localStorage.getItem('pediatriage.lang')), 'de');
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  assert.equal(await page.textContent('#ranges-prompt'), DE['ranges.prompt']);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('switching language in the middle of the forms (DE → FR → DE) loses nothing typed', async () => {
  const page = await browserIn('de-DE');
  await openApp(page);
  assert.equal(await page.getAttribute('#lang-de', 'aria-pressed'), 'true');
  // The nurse's form, with German decimal commas and one impossible value.
  await enterCase(page, {
    age_years: 2, weight_kg: '12,5', complaint: 'stridor',
    vitals: { heart_rate_per_min: 120, temperature_c: '37,9', spo2_percent: 150 },
    observations: { stridor: 'with_agitation' },
  });
  const spo2Error = await page.textContent('#spo2-error');
  assert.match(spo2Error, /ist hier nicht möglich/, spo2Error);
  // The parent's screen, half answered.
  await page.click('#tab-parent');
  await page.waitForSelector('.parent-question .q-field');
  const parentQuestion = async () => page.getAttribute('.parent-question .q-field', 'data-item');
  // The record's age and weight are already the history's answers: move on to the complaint.
  for (let guard = 0; guard < 10 && (await parentQuestion()) !== 'illness_days'; guard += 1) {
    const before = await parentQuestion();
    await page.click('#parent-next');
    await page.waitForFunction((prev) => document.querySelector('.parent-question .q-field')?.getAttribute('data-item') !== prev, before);
  }
  assert.equal(await parentQuestion(), 'illness_days');
  await page.fill('#q-illness_days', '2,5');
  const progress = await page.textContent('#parent-progress');
  assert.match(progress, /^Frage \d+ \/ \d+$/);
  // The GP's screen: free text.
  await page.click('#tab-history');
  await page.fill('#q-medicines', 'Ibuprofen-Saft 100 mg');
  await page.fill('#q-allergies', 'Penicillin: Ausschlag');
  assert.equal(await page.inputValue('#q-age_years'), '2', 'typed once, in the triage form');

  const values = async () => ({
    history: {
      age: await page.inputValue('#q-age_years'),
      weight: await page.inputValue('#q-weight_kg'),
      medicines: await page.inputValue('#q-medicines'),
      allergies: await page.inputValue('#q-allergies'),
    },
  });
  const triageValues = async () => {
    await page.click('#tab-triage');
    const out = {};
    for (const id of ['age-years', 'weight', 'heart-rate', 'temperature', 'spo2', 'complaint']) {
      out[id] = await page.inputValue(`#${id}`);
    }
    out.stridor = await page.getAttribute('#obs-stridor-with_agitation', 'aria-pressed');
    out.spo2Error = await page.textContent('#spo2-error');
    await page.click('#tab-parent');
    out.parentQuestion = await parentQuestion();
    out.illnessDays = await page.inputValue('#q-illness_days');
    out.progress = await page.textContent('#parent-progress');
    await page.click('#tab-history');
    return out;
  };
  const german = { ...(await values()), ...(await triageValues()) };
  assert.deepEqual(german.history, { age: '2', weight: '12,5', medicines: 'Ibuprofen-Saft 100 mg', allergies: 'Penicillin: Ausschlag' });
  assert.equal(german.complaint, 'stridor');
  assert.equal(german['weight'], '12,5');
  assert.equal(german['temperature'], '37,9');
  assert.equal(german['spo2'], '150');
  assert.equal(german.stridor, 'true');

  await page.click('#lang-fr');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const french = { ...(await values()), ...(await triageValues()) };
  assert.match(french.spo2Error, /n'est pas possible ici/, 'the message re-worded in French');
  assert.match(french.progress, /^Question \d+ \/ \d+$/);
  const { spo2Error: _fe, progress: _fp, ...frenchKept } = french;
  const { spo2Error: _ge, progress: _gp, ...germanKept } = german;
  assert.deepEqual(frenchKept, germanKept, 'nothing lost in French');

  await page.click('#lang-de');
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  const back = { ...(await values()), ...(await triageValues()) };
  assert.deepEqual(back, german, 'back in German: the same values, the same German messages');
  assert.equal(back.spo2Error, spo2Error);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a croup case typed by a nurse: level, deciding rule, rule path and scores in German', async () => {
  const rule = 'paedctas.complaint.stridor.audible';
  const level = ruleLevel(rule);
  const page = await browserIn('de-DE');
  await openApp(page);
  // A 2-year-old with croup, as typed on the tablet (German decimal comma).
  await enterCase(page, {
    age_years: 2, weight_kg: '12,5', complaint: 'stridor',
    vitals: { heart_rate_per_min: 120, respiratory_rate_per_min: 28, spo2_percent: 97, temperature_c: '37,9' },
    observations: { stridor: 'with_agitation' },
  });
  assert.equal(await shownLevel(page, level), String(level));

  // The banner: level 3 is "Dringend" in the data, doctor within 30 min.
  const levelName = dataDe('Urgent', 'triage/levels.toml');
  assert.equal(levelName, 'Dringend');
  assert.equal((await page.textContent('#level-name')).trim(), levelName);
  const banner = await page.innerText('#level-banner');
  assert.match(banner, new RegExp(`^${DE['level.label']} ${level}`));
  assert.ok(banner.includes(`${DE['level.target']}: ${DE['level.within'].replace('{n}', '30')}`), banner);
  assert.ok(banner.includes('Arztkontakt: innerhalb von 30 min'), banner);
  assert.ok(banner.includes(DE['level.reassess_every'].replace('{n}', '30')), banner);
  const ruleDe = dataDe('Audible stridor', 'triage/rules/paedctas_complaints.toml');
  assert.equal(ruleDe, 'Hörbarer Stridor');
  assert.ok(banner.includes(`${DE['result.deciding']}: ${ruleDe}`), banner);

  // The deciding rule, by its German name and its id.
  const deciding = await shownText(page.locator('#deciding-rules'));
  assert.match(deciding, /^Festgelegt durch/);
  assert.ok(deciding.includes(ruleDe), deciding);
  assert.ok((await decidingRules(page)).includes(rule), 'the rule id is kept for the audit');

  // The rule path: the heading, and the fired entry opened.
  assert.equal(await shownText(page.locator('#trace-heading')), DE['trace.heading'], 'Regelpfad');
  const fired = page.locator(`details.trace-entry[data-outcome="fired"][data-rule-id="${rule}"]`);
  assert.equal(await fired.count(), 1);
  const summary = await fired.locator('summary').innerText();
  assert.equal(summary, `${DE['trace.outcome.fired']} ${DE['trace.gives_level']} ${level} — ${ruleDe}`);
  assert.equal(summary, `Ausgelöst Stufe ${level} — Hörbarer Stridor`);
  await fired.locator('summary').click();
  const body = await fired.locator('.trace-body').innerText();
  for (const key of ['trace.inputs_read', 'trace.input', 'trace.value', 'trace.origin', 'trace.criterion',
    'trace.outcome', 'trace.rule', 'source.label', 'source.evidence', 'trace.origin.measured']) {
    assert.ok(body.includes(DE[key]), `the path shows ${key} "${DE[key]}": ${body}`);
  }
  assert.ok(body.includes(`${DE['trace.outcome']}: ${DE['trace.outcome.fired']}`), body);
  // The sign read, with its German value from the vocabulary.
  const agitation = dataDe('With agitation', 'observations.toml');
  assert.equal(agitation, 'Bei Unruhe');
  assert.match(body, new RegExp(`Stridor\\s+stridor\\s+${agitation}\\s+${DE['trace.origin.measured']}`), body);
  assert.match(body, new RegExp(`${DE['trace.rule']}: ${escape(rule)}\\s+${DE['trace.version']} \\d+`));
  assert.match(body, /Quelle: .+\(REFERENCE\.md §/);
  // A rule's note is a remark for who maintains the rules: English only (reported, not tested).
  const note = (await fired.locator('.note').count()) ? await fired.locator('.note').innerText() : '';
  assertNoEnglish(body, 'rule path', [note, await fired.locator('.source').innerText()]);

  // Scores: the Westley croup score, its questions, total and band in German.
  const scores = page.locator('#scores');
  await scores.waitFor();
  const scoresText = await shownText(scores);
  assert.ok(scoresText.includes(DE['scores.heading']), scoresText);
  const westley = page.locator('details.score[data-score-id="westley"]');
  const westleyName = dataDe('Westley croup score', 'scores/westley.toml');
  assert.equal(westleyName, 'Westley-Krupp-Score');
  assert.ok((await westley.locator('summary').innerText()).startsWith(`${westleyName}:`));
  assert.ok((await westley.locator('summary').innerText()).includes(DE['scores.incomplete']));
  await page.click('#score-questions > summary');
  const answers = { consciousness_westley: 'normal', cyanosis: 'none', air_entry: 'decreased_base', retractions: 'mild' };
  for (const [id, code] of Object.entries(answers)) await page.click(`#answer-${id}-${code}`);
  // Stridor with agitation 1, decreased air entry 1, mild retractions 1: 3, "moderate croup".
  await page.waitForFunction(() => document.querySelector('details.score[data-score-id="westley"] .score-total')?.textContent === '3');
  const band = dataDe('Moderate croup (3–5)', 'scores/westley.toml');
  assert.equal(band, 'Mittelschwerer Krupp (3–5)');
  assert.equal(await westley.locator('.score-band').textContent(), band);
  await westley.locator('summary').click();
  const scoreBody = await westley.locator('.trace-body').innerText();
  for (const [en, de] of [['Level of consciousness', 'Bewusstseinslage'], ['Chest-wall retractions', 'Einziehungen']]) {
    assert.equal(dataDe(en, 'scores/westley.toml'), de);
    assert.ok(scoreBody.includes(de), `${de}: ${scoreBody}`);
  }
  assert.ok(scoreBody.includes(`Stridor: ${agitation}`), scoreBody);
  for (const key of ['scores.items', 'scores.item', 'scores.points']) assert.ok(scoreBody.includes(DE[key]), key);
  const scoreNote = (await westley.locator('.note').count()) ? await westley.locator('.note').innerText() : '';
  const sources = await westley.locator('.source').allInnerTexts();
  assertNoEnglish(await shownText(scores), 'scores panel', [scoreNote, ...sources]);
  assertNoEnglish(await page.innerText('#level-banner'), 'level banner');
  assertNoEnglish(deciding, 'deciding rules');
  // The summaries of every entry of the path, the folded ones opened (the bodies hold the
  // English notes above).
  for (const fold of ['#trace-unknown', '#trace-not-fired']) {
    if (!(await page.locator(fold).count())) continue;
    await page.click(`${fold} > summary`);
    await page.locator(`${fold} details.trace-entry`).first().waitFor();
  }
  await shownText(page.locator('#trace'));
  const heads = await page.$$eval('details.trace-entry > summary', (ss) => ss.map((s) => s.innerText).join('\n'));
  assertNoEnglish(heads, 'rule path');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// A 16-month-old girl with fever, as her father answers in German on his phone.
const PARENT_ANSWERS = febrileToddler({
  parent_worry: { type: '6' },
  antipyretic_hours_ago: { type: '4' },
  medicines: { type: 'Paracetamol-Zäpfchen 125 mg' },
  allergies: { type: 'Keine bekannt' },
});
const TYPED = ['Paracetamol-Zäpfchen 125 mg', 'Keine bekannt'];

test('a parent fills in the history in German; a nurse whose browser is French imports it and reads it in French', async () => {
  const parent = await browserIn('de-DE', { acceptDownloads: true, viewport: { width: 390, height: 844 } });
  await openApp(parent);
  await parent.click('#tab-parent');
  // The first question in the parent's plain German.
  await parent.waitForSelector('.parent-question .q-field');
  assert.equal(await parent.textContent('#q-age_years-label'), `${qItem('age_years').parent.de} (${qItem('age_years').unit.de})`);
  assert.match(await parent.textContent('#q-age_years-label'), /^Wie alt ist Ihr Kind/);
  assert.equal((await parent.textContent('#parent-next')).trim(), DE['parent.next']);
  assert.equal((await parent.textContent('#parent-back')).trim(), DE['parent.back']);
  assert.match(await parent.textContent('#parent-progress'), /^Frage 1 \/ \d+$/);
  assertNoEnglish(await parent.innerText('#screen-parent'), 'parent form');
  // The yes/no buttons in German.
  await parent.fill('#q-age_years', '1');
  await parent.click('#parent-next');
  await parent.fill('#q-age_months', '4');
  await parent.click('#parent-next');
  await parent.waitForSelector('#q-sex-female');
  assert.equal((await parent.textContent('#q-sex-female')).trim(), qOption('sex', 'female').parent.de);
  await parent.click('#parent-back');
  await parent.click('#parent-back');

  const seen = await answerParentForm(parent, PARENT_ANSWERS);
  assert.ok(seen.includes('fever_max_c') && !seen.includes('menarche'), seen.join(','));
  assert.equal(await parent.textContent('#parent-done-heading'), DE['parent.done_heading']);
  assert.equal(await parent.locator('.red-flag-alert').count(), 0, 'no red flag in these answers');
  assert.equal(await parent.locator('.level-banner:visible, .level-chip:visible').count(), 0, 'a parent never sees a level');
  // The parent's own answers, in the parent's German wording.
  const row = (id) => parent.locator(`#parent-summary tr[data-item="${id}"]`);
  assert.equal(await row('fever_max_c').locator('th').textContent(), qItem('fever_max_c').parent.de);
  assert.equal(await row('fever_max_c').locator('th').textContent(), 'Was war die höchste gemessene Temperatur?');
  assert.match(await row('fever_max_c').locator('td').textContent(), /^39[,.]4 °C$/);
  assert.equal(await row('fever_at_home').locator('td').textContent(), DE['answer.yes']);
  assert.equal(await row('vomit_green').locator('td').textContent(), 'Nein');
  assert.equal(await row('sex').locator('td').textContent(), 'Mädchen');
  assert.equal(await row('intake').locator('td').textContent(), qOption('intake', 'reduced').de);
  assert.match(await row('weight_kg').locator('td').textContent(), /^10[,.]2 kg$/);
  assert.match(await row('fever_days').locator('td').textContent(), /^2 Tage$/);
  assert.equal(await row('medicines').locator('td').textContent(), TYPED[0]);
  // The hand-off in German.
  const done = await parent.innerText('#screen-parent');
  for (const key of ['parent.done_body', 'handoff.explain', 'handoff.qr_caption', 'parent.your_answers']) {
    assert.ok(done.includes(DE[key]), `${key}: ${DE[key]}`);
  }
  assert.equal((await parent.textContent('#handoff-download')).trim(), DE['handoff.download']);
  assert.equal(await parent.getAttribute('#handoff-qr', 'alt'), DE['handoff.qr_alt']);
  assertNoEnglish(done, 'parent hand-off', TYPED);
  const [download] = await Promise.all([parent.waitForEvent('download'), parent.click('#handoff-download')]);
  const file = path.join(work, 'anamnese.json');
  await download.saveAs(file);
  await parent.waitForFunction((want) => document.body.innerText.includes(want), DE['handoff.downloaded']);
  const handoff = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(handoff.format, 'pediatriage-handoff');
  assert.equal(handoff.lang, 'de');
  assert.equal(handoff.answers.weight_kg, 10.2);
  assert.equal(handoff.answers.fever_max_c, 39.4);
  assert.equal(handoff.answers.medicines, TYPED[0]);
  assert.deepEqual(parent.errors, []);
  await parent.context().close();

  // Another device: the nurse's browser is French.
  const nurse = await browserIn('fr-FR');
  await openApp(nurse);
  assert.equal(await nurse.getAttribute('html', 'lang'), 'fr');
  assert.equal(await nurse.getAttribute('#lang-fr', 'aria-pressed'), 'true');
  await nurse.click('#nurse-history summary');
  await nurse.setInputFiles('#import-file', file);
  await nurse.waitForSelector('#import-message[role="status"]');
  const n = Object.keys(handoff.answers).length;
  assert.equal(await nurse.textContent('#import-message'),
    FR['import.done'].replace('{n}', String(n)).replace('{lang}', FR['lang.name.de']));
  assert.match(await nurse.textContent('#import-message'), /réponses importées \(données en allemand\)/);
  // Age, weight and complaint land in the triage form.
  assert.equal(await nurse.inputValue('#age-years'), '1');
  assert.equal(await nurse.inputValue('#age-months'), '4');
  assert.equal(await nurse.inputValue('#weight'), '10.2');
  assert.equal(await nurse.inputValue('#complaint'), 'fever');
  const summary = nurse.locator('#nurse-history-summary');
  const cell = (id) => summary.locator(`tr[data-item="${id}"] td`);
  const question = (id) => summary.locator(`tr[data-item="${id}"] th`);
  assert.equal(await cell('fever_at_home').textContent(), FR['answer.yes']);
  assert.equal(await cell('fever_at_home').textContent(), 'Oui');
  assert.equal(await cell('vomit_green').textContent(), 'Non');
  assert.match(await cell('fever_max_c').textContent(), /^39[,.]4 °C$/);
  assert.equal(await cell('antipyretic').textContent(), 'Paracétamol');
  assert.equal(await cell('intake').textContent(), qOption('intake', 'reduced').fr);
  assert.equal(await cell('sex').textContent(), qOption('sex', 'female').fr);
  assert.match(await cell('fever_days').textContent(), /^2 jours$/);
  // What the parent typed stays as typed.
  assert.equal(await cell('medicines').textContent(), TYPED[0]);
  assert.equal(await cell('allergies').textContent(), TYPED[1]);
  // The questions in French, none in German.
  assert.equal(await question('fever_max_c').textContent(), qItem('fever_max_c').fr);
  const text = await summary.innerText();
  for (const id of Object.keys(handoff.answers)) {
    const item = qItem(id);
    assert.ok(!text.includes(item.de) || item.de === item.fr, `German question "${item.de}" in the French summary`);
    if (item.parent?.de) assert.ok(!text.includes(item.parent.de), `parent wording "${item.parent.de}"`);
  }
  for (const de of ['Ja', 'Nein', 'Mädchen', 'Weniger als üblich', 'Tage']) {
    assert.doesNotMatch(text, new RegExp(`(?<!${letter})${de}(?!${letter})`, 'u'), `"${de}" in the French summary`);
  }
  assert.ok(await nurse.locator('.level-banner').count() > 0, 'the imported answers reach the rules');
  assert.deepEqual(nurse.errors, []);
  await nurse.context().close();
});

test('the GP screen in German exports a German FHIR R4 bundle that passes the validator', async () => {
  const page = await browserIn('de-DE', { acceptDownloads: true });
  await openApp(page);
  await page.click('#tab-history');
  assert.equal(await page.textContent('#q-weight_kg-label'), `${qItem('weight_kg').de} (kg)`);
  assert.equal(await page.textContent('#q-complaint-label'), 'Hauptgrund der Vorstellung');
  assert.equal((await page.textContent('#export-fhir')).trim(), DE['export.fhir']);
  assert.equal((await page.textContent('#print-summary')).trim(), DE['history.print']);
  // Typed with German decimal commas.
  await page.fill('#q-age_years', '3');
  await page.selectOption('#q-sex', 'male');
  await page.fill('#q-weight_kg', '14,5');
  await page.selectOption('#q-complaint', 'cough');
  assert.equal(await page.$eval('#q-complaint', (s) => s.selectedOptions[0].textContent.trim()), 'Husten');
  await page.click('#q-breathing_difficulty-yes');
  await page.click('#q-grunting-no');
  await page.fill('#q-allergies', 'keine bekannt');
  await page.fill('#q-temperature_c', '38,2');
  await page.fill('#q-heart_rate_per_min', '132');
  await page.fill('#q-respiratory_rate_per_min', '34');
  await page.fill('#q-spo2_percent', '95');
  assertNoEnglish(await page.innerText('#screen-history'), 'GP screen', ['keine bekannt']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-fhir')]);
  const file = path.join(work, 'bundle-de.json');
  await download.saveAs(file);
  await page.waitForFunction((want) => document.body.innerText.includes(want), DE['export.done']);

  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  assert.equal(bundle.resourceType, 'Bundle');
  const response = bundle.entry[0].resource;
  assert.equal(response.resourceType, 'QuestionnaireResponse');
  assert.equal(response.language, 'de');
  const items = response.item.flatMap((g) => g.item);
  const answer = (id) => items.find((i) => i.linkId === id) ?? assert.fail(`no answer ${id}`);
  assert.equal(answer('complaint').text, 'Hauptgrund der Vorstellung');
  assert.equal(answer('complaint').answer[0].valueCoding.display, 'Husten');
  assert.equal(answer('sex').answer[0].valueCoding.display, qOption('sex', 'male').de);
  assert.equal(answer('breathing_difficulty').text, qItem('breathing_difficulty').de);
  assert.equal(answer('allergies').answer[0].valueString, 'keine bekannt');
  const groups = response.item.map((g) => g.text);
  assert.ok(groups.includes('Das Kind') && groups.includes('Atmung'), groups.join(' | '));
  for (const item of items) assert.equal(item.text, qItem(item.linkId).de, item.linkId);
  // LOINC-coded vital signs, the values as typed with a comma, their names in German.
  const vitals = bundle.entry.slice(1).map((e) => e.resource);
  const loinc = vitals.map((r) => [r.code.coding[0].code, r.valueQuantity.value]);
  assert.deepEqual(loinc.sort(), [['29463-7', 14.5], ['59408-5', 95], ['8310-5', 38.2], ['8867-4', 132], ['9279-1', 34]].sort());
  const temperature = vitals.find((r) => r.code.coding[0].code === '8310-5');
  assert.equal(temperature.code.text, qItem('temperature_c').de);
  assert.equal(temperature.code.text, 'Temperatur (jetzt gemessen)');
  const result = validateFhir(file);
  assert.ok(result.ok, result.output);
  assert.match(result.output, /valid FHIR R4 Bundle \(6 entries\)/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// The reviewers' notes of the rule data (why a threshold, what is ours) are written once, in
// English, for the audit: on a German screen each is introduced in German as an English note and
// marked lang="en". Everything else on an open rule-path entry is German; a score's link to the
// level no longer adds an English phrase to its source.
test('on the German rule path, reviewer notes are announced as English and marked lang=en; no other English', async () => {
  const page = await browserIn('de-DE');
  await openApp(page);
  await enterCase(page, {
    age_years: 2, complaint: 'stridor',
    vitals: { heart_rate_per_min: 120, respiratory_rate_per_min: 28, spo2_percent: 97 },
    observations: { stridor: 'with_agitation' },
  });
  await page.click('#score-questions > summary');
  for (const [id, code] of Object.entries({ consciousness_westley: 'disoriented', cyanosis: 'none', air_entry: 'decreased_base', retractions: 'none' })) {
    await page.click(`#answer-${id}-${code}`);
  }
  await page.waitForSelector('details.trace-entry[data-rule-id="westley.link.severe"][data-outcome="fired"]');
  let notes = 0;
  const wrong = [];
  for (const entry of await page.locator('details.trace-entry[data-outcome="fired"]').all()) {
    await entry.locator('summary').click();
    // The body is built when the entry opens.
    await entry.locator('.source').first().waitFor();
    for (const note of await entry.locator('.note').all()) {
      notes += 1;
      const heading = await note.evaluate((p) => p.firstChild.textContent);
      if (!heading.startsWith('Prüfhinweis (auf Englisch)')) wrong.push(`heading: ${heading}`);
      const text = note.locator('.note-text');
      if ((await text.getAttribute('lang')) !== 'en') wrong.push(`not marked English: ${await text.innerText()}`);
      if (!DATA_NOTES.includes(await text.innerText())) wrong.push(`not a data note: ${await text.innerText()}`);
    }
    for (const source of await entry.locator('.source').allInnerTexts()) {
      if (!source.startsWith('Quelle: ') || /link to the triage level/.test(source)) wrong.push(`source: ${source}`);
    }
  }
  assert.ok(notes >= 1, `the fired entries carry a note (${notes})`);
  assert.deepEqual(wrong, []);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
