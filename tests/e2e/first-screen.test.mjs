// The first screen: the wasm renders it, typing an age shows that age's normal ranges
// (from the `rules` crate), and bad input gets a message in the user's language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { framesSeen, newPage, useServerAndBrowser, waitForApp, watchFramesFromLoad } from './harness.mjs';

const app = useServerAndBrowser();

test('the page loads and the wasm renders the app', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  assert.equal(await page.textContent('#app-title'), 'Pediatriage');
  assert.equal(await page.locator('#loading').count(), 0, 'the static loading notice is replaced');
  assert.match(await page.textContent('#ruleset-hash'), /^[0-9a-f]{12}$/);
  assert.deepEqual(page.errors, []);
});

test('without the wasm the app does not appear (control for the test above)', async () => {
  const page = await newPage(app.browser);
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(app.server.url);
  await page.waitForSelector('.load-error', { timeout: 10_000 });
  assert.equal(await page.locator('#app-title').count(), 0);
  // Before the app runs, its language is not known: the notice is in all three.
  const notice = await page.textContent('#loading');
  assert.match(notice, /could not start/);
  assert.match(notice, /n’a pas pu démarrer/);
  assert.match(notice, /konnte in diesem Browser nicht starten/);
});

test('typing an age shows the normal heart and breathing rates for that age', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  assert.match(await page.textContent('#ranges-prompt'), /Enter the child's age/);

  // 2 years: Fleming 24-36 month band, 10th-90th centiles HR 92-128, RR 22-33.
  await page.fill('#age-years', '2');
  await page.waitForSelector('#hr-central');
  assert.match(await page.textContent('#hr-central'), /92–128/);
  assert.match(await page.textContent('#rr-central'), /22–33/);
  assert.match(await page.textContent('#hr-extreme'), /76–142/);
  assert.equal(await page.textContent('#ranges-evidence'), 'V-data');
  // The columns name the centiles the data chooses, in the reader's language.
  const headers = async () => (await page.locator('#ranges-result thead th').allTextContents()).slice(1);
  assert.deepEqual(await headers(), ['10th–90th centile', 'median', '1st–99th centile']);
  await page.click('#lang-fr');
  await page.waitForFunction(() => document.querySelector('#ranges-result thead')?.textContent.includes('médiane'));
  assert.deepEqual(await headers(), ['10e–90e centile', 'médiane', '1er–99e centile']);
  await page.click('#lang-de');
  await page.waitForFunction(() => document.querySelector('#ranges-result thead')?.textContent.includes('Median'));
  assert.deepEqual(await headers(), ['10.–90. Perzentile', 'Median', '1.–99. Perzentile']);
  await page.click('#lang-en');

  // A 5-week-old: years cleared, 1 month typed key by key as on a keypad.
  await page.fill('#age-years', '');
  await page.click('#age-months');
  await page.keyboard.type('1');
  await page.waitForFunction(() => document.querySelector('#hr-central')?.textContent.includes('124–164'));
  assert.match(await page.textContent('#rr-central'), /34–57/);
  assert.match(await page.textContent('#ranges-band'), /0–3/);
  assert.deepEqual(page.errors, []);
});

test('an impossible age gets a message in the chosen language and nothing typed is lost', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await page.fill('#age-months', '3');
  await page.fill('#age-years', '25');
  assert.match(await page.textContent('#age-years-error'), /from 0 to 18/);
  assert.equal(await page.getAttribute('#age-years', 'aria-invalid'), 'true');
  assert.equal(await page.locator('#hr-central').count(), 0, 'no ranges for an impossible age');

  await page.click('#lang-fr');
  assert.match(await page.textContent('#age-years-error'), /de 0 à 18/);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  assert.equal(await page.inputValue('#age-years'), '25');
  assert.equal(await page.inputValue('#age-months'), '3');

  await page.fill('#age-years', '12');
  await page.waitForSelector('#hr-central');
  assert.equal(await page.textContent('#age-years-error'), '');
  // 12 years 3 months: the 144-180 month band.
  assert.match(await page.textContent('#hr-central'), /62–96/);
  assert.match(await page.textContent('#ranges-heading'), /Fréquences/);
});

test('the chosen language is kept after a reload', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-fr');
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.getAttribute('#lang-fr', 'aria-pressed'), 'true');
  assert.match(await page.textContent('#ranges-prompt'), /Saisissez l'âge/);
});

test('a fresh load paints the form and the level first; the result column follows, with a restored child too', async () => {
  // A landscape tablet: the result column stands beside the form, in view.
  const page = await newPage(app.browser, { viewport: { width: 1280, height: 800 } });
  await watchFramesFromLoad(page, { field: '#age-years', banner: '#level-banner', result: 'aside.result' });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.waitForSelector('#whatif-heading');
  const at = await framesSeen(page);
  assert.ok(at.field !== undefined, 'the form was painted');
  assert.equal(at.banner, at.field, 'the level banner is in the form’s first frame');
  assert.ok(at.result > at.field, `the result column is built after that frame (frame ${at.result}, the form's ${at.field})`);

  // A child entered, then the app opened again: its draft comes back, and the column says what
  // set the level.
  await page.click('#lang-en');
  await page.fill('#age-years', '4');
  await page.fill('#spo2', '89');
  await page.waitForSelector('#deciding-rules li[data-rule-id]');
  await page.reload();
  await waitForApp(page);
  await page.waitForSelector('#deciding-rules li[data-rule-id]');
  assert.equal(await page.inputValue('#spo2'), '89');
  assert.match(await page.textContent('#deciding-rules'), /SpO/);
  assert.deepEqual(page.errors, []);
});
