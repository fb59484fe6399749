// The parent's entry (#/parent: what a link or QR code from the clinic opens, or a nurse's
// "hand this device to the parent"): on a phone, only the parent's questions and the hand-off,
// no route to a level, a score or the saved records, also after a reload without the address;
// leaving it is a clinician's deliberate action. Its header fits a phone; each option button is
// as tall as its text, at least 44 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { answerParentForm, febrileToddler } from './anamnesis-helpers.mjs';

const app = useServerAndBrowser();
const PHONE = { viewport: { width: 390, height: 844 } };

/** Nothing of the clinician screens is on the page, shown or hidden. */
async function assertParentOnly(page) {
  assert.equal(await page.locator('#screen-parent').count(), 1, 'the parent form is shown');
  for (const selector of ['nav.tabs', '#tab-triage', '#tab-records', '#tab-history', '#new-patient',
    '#screen-triage', '#screen-history', '.level-banner', '.level-chip', '#scores', '#trace', '.records-screen']) {
    assert.equal(await page.locator(selector).count(), 0, `${selector} is not on the parent's page`);
  }
}

/** A parent's phone opens the clinic's link, in `lang`. */
async function openParentEntry(lang) {
  const page = await newPage(app.browser, PHONE);
  await page.goto(`${app.server.url}#/parent`);
  await waitForApp(page);
  await page.click(`#lang-${lang}`);
  return page;
}

async function noHorizontalOverflow(page) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  assert.ok(scroll <= width, `the page is ${scroll} px wide in a ${width} px screen`);
}

test('a parent opens the clinic link on a phone: parent questions only, a header that fits, options sized to their text; a reload keeps it so', async () => {
  const page = await openParentEntry('fr');
  await assertParentOnly(page);
  await noHorizontalOverflow(page);
  // The header fits: title and language buttons inside the screen.
  for (const selector of ['#app-title', '#lang-fr', '#lang-de']) {
    const box = await page.locator(selector).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `${selector} inside the screen`);
  }

  // The complaint options: as tall as their text, at least 44 px, several in one screen.
  const heights = [];
  for (let i = 0; i < 40 && heights.length === 0; i += 1) {
    const id = await page.locator('.parent-question .q-field').getAttribute('data-item');
    if (id === 'complaint') {
      for (const button of await page.locator('.parent-question .answer-buttons.choices button').all()) {
        heights.push((await button.boundingBox()).height);
      }
    } else {
      // Skipped, as a parent who does not know would; the next question replaces this one.
      await page.click('#parent-next');
      await page.waitForFunction((prev) => document.querySelector('.parent-question .q-field')?.getAttribute('data-item') !== prev, id);
    }
  }
  assert.ok(heights.length > 5, `the complaint options are shown (${heights.length})`);
  assert.ok(heights.every((h) => h >= 44 && h <= 120), `option heights ${heights.join(', ')}`);
  // Several options in the first screen, not one.
  const firstScreen = await page.locator('.parent-question .answer-buttons.choices button').evaluateAll(
    (buttons) => buttons.filter((b) => b.getBoundingClientRect().bottom <= window.innerHeight).length);
  assert.ok(firstScreen >= 4, `${firstScreen} options in the first screen`);
  await noHorizontalOverflow(page);

  // A reload at the app's plain address stays the parent's entry.
  await page.goto(app.server.url);
  await waitForApp(page);
  await assertParentOnly(page);
  assert.equal(new URL(page.url()).hash, '#/parent');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the parent\'s entry goes through to the hand-off with no level anywhere', async () => {
  const page = await openParentEntry('en');
  await answerParentForm(page, febrileToddler());
  assert.equal(await page.locator('.parent-done').count(), 1);
  assert.ok(await page.locator('#handoff-download').isVisible());
  await assertParentOnly(page);
  await noHorizontalOverflow(page);
  await page.context().close();
});

test('leaving the parent entry is a clinician\'s deliberate, confirmed action', async () => {
  const page = await openParentEntry('en');
  await page.click('#parent-mode-exit > summary');
  // Dismissed: nothing changes.
  page.once('dialog', (dialog) => dialog.dismiss());
  await page.click('#parent-mode-leave');
  await assertParentOnly(page);
  // Confirmed: the clinician screens come back, and the address no longer opens the parent's entry.
  let asked = '';
  page.once('dialog', (dialog) => { asked = dialog.message(); dialog.accept(); });
  await page.click('#parent-mode-leave');
  assert.match(asked, /clinician screens/);
  await page.locator('#tab-triage').waitFor();
  assert.equal(new URL(page.url()).hash, '');
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.locator('#tab-triage').count(), 1);
  assert.equal(await page.locator('#parent-mode-exit').count(), 0);
  await page.context().close();
});

test('a nurse hands the tablet to a parent: the parent form only, until a clinician takes it back', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await page.click('#tab-parent');
  page.once('dialog', (dialog) => dialog.accept());
  await page.click('#parent-mode-enter');
  await page.locator('#parent-mode-exit').waitFor();
  await assertParentOnly(page);
  assert.equal(new URL(page.url()).hash, '#/parent');
  assert.equal(await page.locator('#parent-mode-enter').count(), 0);
  await page.context().close();
});
