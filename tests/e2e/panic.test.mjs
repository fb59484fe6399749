// An internal error (a Rust panic, which kills the page's wasm instance) shows a notice in the
// page's language with a Reload button that works without the wasm, and what was typed comes
// back after the reload (draft autosave). The panic is injected with the app's test hook
// `pediatriage_simulate_panic` (app/src/fault.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { FIELD_IDS, typeInto } from './triage-helpers.mjs';

const app = useServerAndBrowser();

const TYPED = { age_years: '4', heart_rate_per_min: '110', temperature_c: '38.4' };

async function typeValues(page) {
  for (const [key, value] of Object.entries(TYPED)) await typeInto(page, FIELD_IDS[key], value);
}

/** Calls the fault-injection hook in the page's own wasm instance; returns what was thrown. */
async function simulatePanic(page) {
  return page.evaluate(async () => {
    // The same URL as bootstrap.js imports: ES modules are cached per URL, so this is the
    // running instance, not a second one.
    const app = await import('/pkg/app.js');
    try {
      app.pediatriage_simulate_panic();
      return 'returned normally';
    } catch (error) {
      return `${error.name}: ${error.message}`;
    }
  });
}

const NOTICE = {
  en: { heading: /An internal error occurred/, body: /entries already typed are saved on this device.*Reloading the page restores them/s, button: 'Reload the page' },
  fr: { heading: /Une erreur interne s’est produite/, body: /saisies déjà faites sont enregistrées sur cet appareil.*Recharger la page les restaure/s, button: 'Recharger la page' },
};

for (const lang of ['en', 'fr']) {
  test(`a panic shows the notice in ${lang === 'en' ? 'English' : 'French'}; Reload brings back what was typed`, async () => {
    const page = await newPage(app.browser);
    try {
      await page.goto(app.server.url);
      await waitForApp(page);
      await page.click(`#lang-${lang}`);
      await typeValues(page);
      assert.equal(await page.locator('#fault-notice').count(), 0, 'no notice before the fault');
      assert.deepEqual(page.errors, []);

      const thrown = await simulatePanic(page);
      assert.match(thrown, /^RuntimeError: /, 'the panic aborts the wasm instance');
      // The console message of console_error_panic_hook is kept.
      assert.ok(page.errors.some((e) => e.includes('pediatriage_simulate_panic: simulated internal error')), page.errors.join('\n'));

      const notice = page.locator('#fault-notice');
      await notice.waitFor({ state: 'visible', timeout: 5_000 });
      assert.equal(await notice.getAttribute('role'), 'alert');
      assert.equal(await notice.getAttribute('lang'), lang);
      const text = await notice.innerText();
      assert.match(text, NOTICE[lang].heading);
      assert.match(text, NOTICE[lang].body);
      assert.equal((await page.textContent('#fault-reload')).trim(), NOTICE[lang].button);
      // At the top of the page, and the typed values are still on screen.
      assert.equal(await page.evaluate(() => document.body.firstElementChild.id), 'fault-notice');
      for (const [key, value] of Object.entries(TYPED)) assert.equal(await page.inputValue(FIELD_IDS[key]), value);

      // The button works although the wasm instance is dead: the page reloads and the app starts.
      await page.evaluate(() => { window.pediatriageBeforeReload = true; });
      await Promise.all([page.waitForEvent('load'), page.click('#fault-reload')]);
      await waitForApp(page);
      assert.equal(await page.evaluate(() => window.pediatriageBeforeReload ?? false), false, 'a new document');
      assert.equal(await page.locator('#fault-notice').count(), 0);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      // The draft autosave restores what was typed.
      for (const [key, value] of Object.entries(TYPED)) {
        assert.equal(await page.inputValue(FIELD_IDS[key]), value, `${FIELD_IDS[key]} restored after the reload`);
      }
    } finally {
      await page.context().close();
    }
  });
}
