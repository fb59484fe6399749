// Audit records: saving an assessment keeps inputs, outputs, rule-set hash, model hash, app
// version and time in this browser; the list shows them, exports them as JSON and prints them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { enterCase, ruleLevel, shownLevel } from './triage-helpers.mjs';

const app = useServerAndBrowser();

test('a saved assessment is listed, survives a reload, exports as JSON and prints', async () => {
  const page = await newPage(app.browser, { acceptDownloads: true });
  // Count print requests instead of opening the print dialog.
  await page.addInitScript(() => {
    window.__printed = 0;
    window.print = () => { window.__printed += 1; };
  });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  assert.equal(await page.isDisabled('#save-assessment'), true, 'nothing to save before any entry');

  const level = ruleLevel('paedctas.respiratory.spo2_moderate');
  await enterCase(page, { age_years: 7, weight_kg: 23, complaint: 'wheezing', vitals: { spo2_percent: 91, heart_rate_per_min: 108 } });
  assert.equal(await shownLevel(page, level), String(level));
  await page.click('#save-assessment');
  assert.match(await page.textContent('#save-status'), /Saved on this device \(record 1\)/);
  assert.equal(await page.textContent('#records-count'), '1');

  await page.reload();
  await waitForApp(page);
  await page.click('#tab-records');
  await page.waitForSelector('#record-1');
  assert.equal(await page.getAttribute('#record-1', 'data-level'), String(level));
  const head = await page.textContent('#record-1');
  assert.match(head, /Wheezing/);
  assert.ok(head.includes('paedctas.respiratory.spo2_moderate'));

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-records')]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(exported.length, 1);
  const r = exported[0];
  assert.match(r.saved_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  assert.ok(Math.abs(Date.parse(r.saved_at) - Date.now()) < 10 * 60_000, 'saved just now');
  assert.match(r.app_version, /^\d+\.\d+\.\d+/);
  assert.equal(r.app_version, await page.textContent('#app-version'));
  assert.match(r.ruleset_hash, /^[0-9a-f]{64}$/);
  assert.ok(r.ruleset_hash.startsWith(await page.textContent('#ruleset-hash')));
  assert.equal(r.model_hash, await page.textContent('#model-hash'));
  assert.deepEqual(r.inputs.patient_record, {
    age_years: 7, weight_kg: 23, complaint: 'wheezing',
    vitals: { spo2_percent: 91, heart_rate_per_min: 108 }, pat: {},
  });
  assert.equal(r.outputs.level, level);
  assert.equal(r.outputs.assessment.level, level);
  assert.ok(r.outputs.deciding_rules.includes('paedctas.respiratory.spo2_moderate'));
  const fired = r.outputs.assessment.trace.find((e) => e.rule_id === 'paedctas.respiratory.spo2_moderate');
  assert.equal(fired.outcome, 'fired');
  assert.ok(fired.inputs.some((i) => i.input === 'spo2_percent' && i.value === 91));

  await page.click('#print-records');
  assert.equal(await page.evaluate(() => window.__printed), 1);
  // The printed page shows the record and none of the controls.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#record-1'), true);
  assert.equal(await page.isVisible('#print-records'), false);
  assert.equal(await page.isVisible('#lang-en'), false);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('records cannot be saved while the form has an error', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await enterCase(page, { age_years: 3, complaint: 'fever', vitals: { temperature_c: '104' } });
  await page.waitForSelector('#level-blocked');
  assert.match(await page.textContent('#temperature-error'), /Fahrenheit/);
  assert.equal(await page.isDisabled('#save-assessment'), true);
  await page.context().close();
});
