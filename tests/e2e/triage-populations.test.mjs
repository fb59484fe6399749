// Populations and rule-out safety on the triage screen. A nurse enters a febrile 5-week-old:
// the PECARN febrile-infant rule waits for the infant to be known well-appearing and previously
// healthy (listed as not applicable, with the reason in words), then shows the missing results
// and the most serious outcome still possible — never "low risk" before the results are in.
// A shocked infant is outside the rule, and an afebrile child is outside NICE NG143.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { enterCase, tapFinding } from './triage-helpers.mjs';

const app = useServerAndBrowser();

const rule = (page, id) => page.locator(`details.decision[data-rule-id="${id}"]`);
const notApplicable = (page, id) => page.locator(`#scores-not-applicable li[data-na-id="${id}"]`);

async function openNotApplicable(page) {
  const list = page.locator('#scores-not-applicable');
  await list.waitFor();
  if (!(await list.evaluate((d) => d.open))) await page.click('#scores-not-applicable > summary');
}

test('febrile 5-week-old: PECARN shows the missing results and not "low risk"', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_days: 35, complaint: 'fever', pat: { appearance: 'normal' }, vitals: { temperature_c: 38.4 } });
  await page.selectOption('#avpu', 'a');

  // Not yet known whether previously healthy: not evaluated, the reason in words, and asked.
  await openNotApplicable(page);
  const na = notApplicable(page, 'pecarn_febrile_infant');
  await na.waitFor();
  assert.equal(await na.getAttribute('data-status'), 'not_yet_known');
  const reason = await na.innerText();
  assert.match(reason, /Not yet known/);
  assert.match(reason, /previously healthy/);
  assert.doesNotMatch(reason, /pecarn|_/, 'plain words, no ids');
  assert.equal(await rule(page, 'pecarn_febrile_infant').count(), 0);

  await page.click('#score-questions > summary');
  await page.click('#answer-previously_healthy-yes');
  const panel = rule(page, 'pecarn_febrile_infant');
  await panel.waitFor();
  const outcome = await panel.locator('.decision-outcome').innerText();
  assert.match(outcome, /^Missing: /);
  for (const what of [/Urinalysis/, /neutrophil/i, /procalcitonin/i]) assert.match(outcome, what);
  assert.match(outcome, /until then: Not low risk \(most serious still possible\)/);
  assert.doesNotMatch(outcome, /Low risk/, "never the rule-out outcome");
  assert.equal(await panel.locator('.decision-outcome').getAttribute('data-settled'), 'false');

  // French: the same, in French.
  await page.click('#lang-fr');
  await page.waitForFunction(() => /Manquant/.test(document.querySelector('details.decision[data-rule-id="pecarn_febrile_infant"] .decision-outcome')?.textContent ?? ''));
  assert.match(await panel.locator('.decision-outcome').innerText(), /en attendant : Pas à faible risque/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a shocked febrile infant is outside PECARN; an afebrile child is outside NICE', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_days: 35, complaint: 'fever', pat: { appearance: 'abnormal' }, vitals: { temperature_c: 38.6 } });
  await tapFinding(page, 'mottled_skin');
  await openNotApplicable(page);
  const na = notApplicable(page, 'pecarn_febrile_infant');
  await na.waitFor();
  assert.equal(await na.getAttribute('data-status'), 'outside');
  assert.match(await na.innerText(), /Not for this child: only for well-appearing infants/);
  assert.equal(await rule(page, 'pecarn_febrile_infant').count(), 0);
  await page.context().close();

  const page2 = await newPage(app.browser);
  await page2.goto(app.server.url);
  await waitForApp(page2);
  await page2.click('#lang-en');
  await enterCase(page2, { age_months: 20, complaint: 'vomiting', vitals: { temperature_c: 36.8 } });
  await openNotApplicable(page2);
  const nice = notApplicable(page2, 'nice_ng143_traffic_light');
  await nice.waitFor();
  assert.equal(await nice.getAttribute('data-status'), 'outside');
  assert.match(await nice.innerText(), /only for children with fever/);
  const iai = notApplicable(page2, 'pecarn_intra_abdominal');
  assert.equal(await iai.getAttribute('data-status'), 'outside');
  assert.deepEqual(page2.errors, []);
  await page2.context().close();
});

test('a second complaint: fever with a head injury brings in the PECARN head rule and its signs', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 6, complaint: 'fever', vitals: { gcs: 15 } });
  // Fever alone: the head rules are outside (their population names a head injury).
  await openNotApplicable(page);
  await notApplicable(page, 'pecarn_head_2_and_over').waitFor();
  assert.equal(await notApplicable(page, 'pecarn_head_2_and_over').getAttribute('data-status'), 'outside');
  assert.equal(await rule(page, 'pecarn_head_2_and_over').count(), 0);

  // The second complaint's list is not on the page until asked for; asked for, it takes the
  // focus (the button that asked is gone).
  assert.equal(await page.locator('#other-complaint').count(), 0);
  await page.click('#add-other-complaint');
  await page.waitForFunction(() => document.activeElement?.id === 'other-complaint');
  await page.selectOption('#other-complaint', 'head_injury');
  await rule(page, 'pecarn_head_2_and_over').waitFor();
  assert.equal(await notApplicable(page, 'pecarn_head_2_and_over').count(), 0);
  // The head injury's own signs are offered with the fever's.
  await page.locator('#complaint-findings [data-observation="repeated_vomiting"]').first().waitFor();
  // Kept in the draft as a second complaint, the main one unchanged.
  await page.waitForFunction(() => {
    const d = JSON.parse(localStorage.getItem('pediatriage.draft') || 'null');
    return d?.record?.complaint === 'fever' && d.record.other_complaints?.[0] === 'head_injury';
  });
  // Back to none: outside again.
  await page.selectOption('#other-complaint', '');
  await notApplicable(page, 'pecarn_head_2_and_over').waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
