// WebKit smoke test (WebKitGTK's MiniBrowser through WebKitWebDriver; see webkit.mjs): the
// first screen, a triage case with its level and what set it, the parent's form with no level
// in reach, and an offline reload after one visit. The full suite runs in Chromium; this checks
// that the engine of the ward's iPads runs the same app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './harness.mjs';
import { ruleLevel } from './triage-helpers.mjs';
import { launchWebKit } from './webkit.mjs';

let server;
let url;
let page;

before(async () => {
  server = await startServer();
  url = server.url;
  page = await launchWebKit({ width: 768, height: 1024 });
});

after(async () => {
  await page?.close();
  server?.stop();
});

/** "New patient", confirmed in the browser's dialog. */
async function newPatient() {
  await page.click('#new-patient');
  await page.call('POST', '/alert/accept', {});
}

async function openApp(hash = '') {
  await page.goto(`${url}${hash}`);
  await page.waitFor("return document.querySelector('#app-title')?.textContent", { what: 'the app to mount' });
}

test('WebKit: the first screen renders and an age shows its normal ranges', async () => {
  await openApp();
  await page.click('#lang-en');
  assert.equal(await page.text('#app-title'), 'Pediatriage');
  assert.match(await page.text('#level-prompt'), /Enter the child's data/);
  await page.type('#age-years', '2');
  await page.waitFor("return document.querySelector('#hr-central')?.textContent", { what: 'the heart-rate range' });
  assert.match(await page.text('#hr-central'), /\d+–\d+/);
});

test('WebKit: a febrile 5-week-old gets the level of the rule that fires, with that rule shown', async () => {
  await openApp();
  await page.click('#lang-en');
  await newPatient();
  await page.type('#age-days', '35');
  await page.select('#complaint', 'fever');
  await page.type('#temperature', '38.6');
  const rule = 'paedctas.temperature.fever_under_3_months';
  const level = await page.waitFor(
    "const n = document.querySelector('#level-number')?.textContent.trim(); return n === String(arguments[0]) && n",
    { what: `level ${ruleLevel(rule)}` },
    ruleLevel(rule),
  );
  assert.equal(level, String(ruleLevel(rule)));
  const deciding = await page.evaluate("return [...document.querySelectorAll('#deciding-rules li[data-rule-id]')].map((li) => li.dataset.ruleId)");
  assert.ok(deciding.includes(rule), `deciding rules: ${deciding}`);
  assert.match(await page.text('.level-reason'), /Fever in an infant under 3 months/);
});

test('WebKit: after one visit the app opens offline and computes a level', async () => {
  await openApp();
  await page.waitFor(
    'return navigator.serviceWorker && navigator.serviceWorker.controller !== null',
    { what: 'the service worker to control the page', timeout: 20_000 },
  ).catch(async () => {
    // The first visit installs the worker; the page it controls is the next one.
    await page.reload();
    await page.waitFor('return navigator.serviceWorker.controller !== null', { what: 'the service worker', timeout: 20_000 });
  });
  server.stop();
  server = null;
  await page.reload();
  await page.waitFor("return document.querySelector('#app-title')?.textContent", { what: 'the app offline' });
  await page.click('#lang-en');
  await newPatient();
  await page.type('#age-days', '35');
  await page.select('#complaint', 'fever');
  await page.type('#temperature', '38.6');
  const expected = String(ruleLevel('paedctas.temperature.fever_under_3_months'));
  await page.waitFor("return document.querySelector('#level-number')?.textContent.trim() === arguments[0]", { what: `level ${expected} offline` }, expected);
});

test('WebKit: the parent entry (offline too) asks its questions and shows no level, tab or record', async () => {
  await openApp('#/parent');
  await page.reload();
  await page.click('#lang-en');
  await page.waitFor("return document.querySelector('.parent-question .q-field')", { what: 'the first question' });
  for (const selector of ['nav.tabs', '#tab-triage', '#tab-records', '.level-banner', '#entry']) {
    assert.equal(await page.count(selector), 0, `${selector} is on the parent's page`);
  }
  assert.match(await page.text('#parent-progress'), /1 \/ \d+/);
  const item = await page.evaluate("return document.querySelector('.parent-question .q-field').dataset.item");
  assert.equal(item, 'age_years', 'the first question is the age');
  await page.type('#q-age_years', '4');
  await page.click('#parent-next');
  await page.waitFor("return /2 \\/ \\d+/.test(document.querySelector('#parent-progress')?.textContent ?? '')", { what: 'question 2' });
});
