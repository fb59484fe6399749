// Clinical scenarios typed into the triage screen as a nurse would. Each one names the rule that
// should decide the level; the expected level is the level that rule gives in the rule data
// (rules/data/triage/rules/*.toml), and the test checks the number on screen, that the rule is
// shown as deciding, and that its path (inputs with values, criterion, version, source) opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { decidingRules, enterCase, ruleLevel, shownLevel, typeInto } from './triage-helpers.mjs';

const app = useServerAndBrowser();

const scenarios = [
  {
    name: 'infant fever: 7-week-old, 38.6 °C',
    rule: 'paedctas.temperature.fever_under_3_months',
    level: 2,
    input: { age_days: 49, complaint: 'fever', vitals: { temperature_c: '38.6', heart_rate_per_min: 160, respiratory_rate_per_min: 40, spo2_percent: 98 } },
    shows: ['38.6 °C'],
  },
  {
    name: 'croup: 2-year-old with audible stridor (with agitation)',
    rule: 'paedctas.complaint.stridor.audible',
    level: 3,
    input: { age_years: 2, complaint: 'stridor', vitals: { heart_rate_per_min: 120, respiratory_rate_per_min: 28, spo2_percent: 97, temperature_c: '37.9' }, observations: { stridor: 'with_agitation' } },
    shows: [],
  },
  {
    name: 'asthma: 7-year-old, SpO2 91 %, speaks in phrases',
    rule: 'paedctas.respiratory.spo2_moderate',
    level: 2,
    input: { age_years: 7, complaint: 'wheezing', vitals: { heart_rate_per_min: 108, respiratory_rate_per_min: 24, spo2_percent: 91 }, observations: { speech: 'phrases' } },
    shows: ['91 %'],
    alsoDeciding: ['paedctas.respiratory.moderate_graded_signs'],
  },
  {
    name: 'dehydration: 14-month-old with diarrhoea and moderate dehydration',
    rule: 'ctas.dehydration.moderate',
    level: 2,
    input: { age_months: 14, complaint: 'diarrhoea', vitals: { heart_rate_per_min: 130, respiratory_rate_per_min: 30, spo2_percent: 99, temperature_c: '37.2' }, findings: ['dehydration_moderate'] },
    shows: [],
  },
  {
    name: 'head injury under 2: 10-month-old with signs of skull fracture, GCS 15',
    rule: 'local.complaint.head_injury.skull_fracture',
    level: 2,
    input: { age_months: 10, complaint: 'head_injury', vitals: { heart_rate_per_min: 125, respiratory_rate_per_min: 32, spo2_percent: 99, gcs: 15 }, findings: ['skull_fracture_signs'] },
    shows: [],
  },
  {
    name: 'head injury over 2: 6-year-old who lost consciousness, GCS 15',
    rule: 'local.complaint.head_injury.loss_of_consciousness',
    level: 3,
    input: { age_years: 6, complaint: 'head_injury', vitals: { heart_rate_per_min: 95, respiratory_rate_per_min: 20, spo2_percent: 99, gcs: 15 }, observations: { loss_of_consciousness: 'under_5_s' } },
    shows: [],
  },
  {
    name: 'shock: 3-year-old, febrile, mottled, capillary refill 5 s',
    rule: 'paedctas.hemodynamic.shock_signs',
    level: 1,
    input: { age_years: 3, complaint: 'fever', vitals: { heart_rate_per_min: 185, respiratory_rate_per_min: 36, capillary_refill_s: 5, temperature_c: '39.2', spo2_percent: 96 }, findings: ['mottled_skin'] },
    shows: ['5 s'],
  },
  {
    name: 'seizure: 4-year-old with a prolonged post-ictal phase',
    rule: 'local.complaint.seizure.prolonged_postictal',
    level: 2,
    input: { age_years: 4, complaint: 'seizure', vitals: { heart_rate_per_min: 110, respiratory_rate_per_min: 24, spo2_percent: 98, gcs: 15, temperature_c: '37.0' }, findings: ['prolonged_postictal'] },
    shows: [],
  },
  {
    name: 'minor injury: 10-year-old, lower limb, pain 5/10',
    rule: 'ctas.pain.moderate_peripheral_acute',
    level: 4,
    input: { age_years: 10, complaint: 'lower_limb_injury', vitals: { heart_rate_per_min: 90, respiratory_rate_per_min: 18, spo2_percent: 99, pain_score: 5 } },
    shows: ['5'],
  },
  {
    name: 'abdominal pain: 9-year-old, pain 8/10',
    rule: 'ctas.pain.severe_central_acute',
    level: 2,
    input: { age_years: 9, complaint: 'abdominal_pain', vitals: { heart_rate_per_min: 88, respiratory_rate_per_min: 18, spo2_percent: 99, temperature_c: '37.8', pain_score: 8 } },
    shows: ['8'],
  },
];

for (const s of scenarios) {
  test(`scenario — ${s.name}: level ${s.level} by ${s.rule}`, async () => {
    assert.equal(ruleLevel(s.rule), s.level, 'the scenario expects the level its rule gives in the data');
    const page = await newPage(app.browser);
    await page.goto(app.server.url);
    await waitForApp(page);
    await page.click('#lang-en');
    await enterCase(page, s.input);

    assert.equal(await shownLevel(page, s.level), String(s.level), 'level number in the banner');
    const banner = await page.textContent('#level-banner');
    assert.match(banner, /Level/);
    assert.match(await page.textContent('#level-target'), s.level === 1 ? /immediate/ : /within \d+ min/);
    assert.equal(await page.getAttribute('#level-banner', 'data-level'), String(s.level));

    const deciding = await decidingRules(page);
    assert.doesNotMatch(await page.textContent('#deciding-rules'), /\b[a-z_]+\.[a-z_]+\.[a-z_0-9]+/, 'no rule id in the text a nurse reads');
    for (const id of [s.rule, ...(s.alsoDeciding ?? [])]) {
      assert.ok(deciding.includes(id), `${id} shown as deciding, got: ${deciding}`);
    }

    // The rule's path: fired, with its inputs, criterion, version and source.
    const entry = page.locator(`details.trace-entry[data-rule-id="${s.rule}"]`);
    assert.equal(await entry.count(), 1, 'one trace entry for the rule');
    assert.equal(await entry.getAttribute('data-outcome'), 'fired');
    await entry.locator('summary').click();
    assert.equal(await entry.evaluate((d) => d.open), true);
    const body = await entry.locator('.trace-body').innerText();
    assert.match(body, /Criterion/);
    assert.match(body, new RegExp(`${s.rule.replaceAll('.', '\\.')}\\s+version \\d+`));
    assert.match(body, /Source: .+\(REFERENCE\.md §/);
    assert.match(body, /Evidence: (V|V-data|S|UNVERIFIED)/);
    for (const value of s.shows) assert.ok(body.includes(value), `the path shows ${value}: ${body}`);

    // The path lists the rules that fired; those that could still fire and those that did not
    // are folded beneath it, built when opened, each fold holding only its own outcome.
    const shown = await page.$$eval('#trace-list > details.trace-entry', (ds) => ds.map((d) => d.dataset.outcome));
    assert.ok(shown.length > 0 && shown.every((o) => o === 'fired'), `the path lists the fired rules: ${shown}`);
    for (const [fold, outcome] of [['#trace-unknown', 'unknown'], ['#trace-not-fired', 'not_fired']]) {
      if (!(await page.locator(fold).count())) continue;
      assert.equal(await page.locator(`${fold} details.trace-entry`).count(), 0, `${fold} built only when opened`);
      await page.click(`${fold} > summary`);
      await page.locator(`${fold} details.trace-entry`).first().waitFor();
      const folded = await page.$$eval(`${fold} details.trace-entry`, (ds) => ds.map((d) => d.dataset.outcome));
      const count = Number((await page.textContent(`${fold} > summary`)).match(/\d+/)[0]);
      assert.ok(folded.length > 0 && folded.every((o) => o === outcome), `${fold}: ${folded}`);
      assert.equal(folded.length, count, `${fold}: its title counts its entries`);
    }
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('the level follows each keystroke: SpO2 96 → 91 → 89 changes the level without any button', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 5, complaint: 'cough', vitals: { heart_rate_per_min: 100, respiratory_rate_per_min: 22, spo2_percent: 96 } });
  const before = await shownLevel(page, 5);
  assert.equal(before, '5');
  await page.fill('#spo2', '');
  await page.keyboard.type('91');
  assert.equal(await shownLevel(page, ruleLevel('paedctas.respiratory.spo2_moderate')), '2');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('89');
  assert.equal(await shownLevel(page, ruleLevel('paedctas.respiratory.spo2_severe')), '1');
  assert.ok((await decidingRules(page)).includes('paedctas.respiratory.spo2_severe'));
  assert.equal(await page.inputValue('#heart-rate'), '100', 'other fields are kept');
  await page.context().close();
});

test('an unmeasured SpO2 is offered as a what-if that names the level it would give', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 2, complaint: 'cough', vitals: { heart_rate_per_min: 120, respiratory_rate_per_min: 28 } });
  assert.equal(await shownLevel(page, 5), '5');
  assert.match(await page.textContent('#level-final'), /Provisional/);
  const items = await page.$$eval('#what-if li', (lis) => lis.map((li) => ({ level: li.dataset.level, rules: li.dataset.ruleIds, text: li.textContent })));
  const spo2 = items.filter((i) => i.text.includes('Measure SpO2'));
  assert.ok(spo2.length >= 2, `SpO2 what-ifs shown: ${JSON.stringify(items)}`);
  const moderate = spo2.find((i) => i.rules.split(' ').includes('paedctas.respiratory.spo2_moderate'));
  assert.ok(moderate, 'the SpO2 < 92 what-if keeps its rule for the audit');
  assert.equal(moderate.level, String(ruleLevel('paedctas.respiratory.spo2_moderate')));
  // In the rule's own words, not in the engine's notation, and with no rule id.
  assert.match(moderate.text, /if it shows “Moderate respiratory distress: SpO2 below 92%”, the level becomes 2/);
  for (const item of items) {
    assert.doesNotMatch(item.text, /[<>=]|\b(in|and|or) \{|paedctas\.|pals\.|local\./, `plain words: ${item.text}`);
  }

  // Measuring it removes the what-if and the result becomes final for SpO2.
  await page.click('#spo2');
  await page.keyboard.type('98');
  await page.waitForFunction(() => ![...document.querySelectorAll('#what-if li')].some((li) => li.textContent.includes('Measure SpO2')));
  assert.equal(await shownLevel(page, 5), '5');
  await page.context().close();
});

test('a value that is not a number gets its message, withholds the level and loses nothing', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 4, complaint: 'fever', vitals: { temperature_c: '38,4', heart_rate_per_min: 110 } });
  assert.equal(await shownLevel(page, ruleLevel('paedctas.temperature.fever_older')), '4');
  await page.click('#spo2');
  await page.keyboard.type('9l');
  await page.waitForSelector('#level-blocked');
  assert.equal(await page.textContent('#spo2-error'), 'Enter a number.');
  assert.equal(await page.getAttribute('#spo2', 'aria-invalid'), 'true');
  assert.equal(await page.locator('#level-number').count(), 0, 'no level while a field is unreadable');
  // An implausible value elsewhere is reported next to its own field, by the rule engine.
  await typeIntoHeartRate(page, '900');
  assert.match(await page.textContent('#heart-rate-error'), /not possible/);
  await page.click('#lang-fr');
  assert.equal(await page.textContent('#spo2-error'), 'Saisissez un nombre.');
  assert.equal(await page.inputValue('#temperature'), '38,4');
  assert.equal(await page.inputValue('#spo2'), '9l');
  assert.equal(await page.inputValue('#heart-rate'), '900');
  await page.fill('#spo2', '97');
  await page.fill('#heart-rate', '110');
  assert.equal(await shownLevel(page, 4), '4');
  assert.equal(await page.textContent('#spo2-error'), '');
  await page.context().close();
});

test('the first thing typed into a blank form, not a number, gets its message at once', async () => {
  // Nothing is in the record yet, so the message comes from the typing alone (start-up does not
  // validate a blank record).
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await typeInto(page, '#age-years', '4x');
  await page.waitForFunction(() => document.querySelector('#age-years-error')?.textContent !== '');
  assert.equal(await page.textContent('#age-years-error'), 'Enter a number.');
  assert.equal(await page.getAttribute('#age-years', 'aria-invalid'), 'true');
  assert.equal(await page.locator('#ranges-result').count(), 0, 'no normal ranges for an age that is not a number');
  await page.keyboard.press('Backspace');
  await page.waitForFunction(() => document.querySelector('#age-years-error')?.textContent === '');
  assert.equal(await page.getAttribute('#age-years', 'aria-invalid'), 'false');
  await page.context().close();
});

async function typeIntoHeartRate(page, text) {
  await page.fill('#heart-rate', '');
  await page.keyboard.type(text);
}
