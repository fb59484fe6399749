// A locked ward tablet: once a ward passcode is set, the children's data at rest is encrypted
// (no label, value or complaint readable in localStorage or IndexedDB); after the idle time the
// tablet locks and the page holds none of it; a wrong passcode shows nothing and loses nothing;
// the right one brings everything back (board, saved records, the form being typed); "end of
// shift" erases it all. Without a passcode the tablet clears as before (privacy.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { enterCase, ruleLevel, shownLevel, typeInto } from './triage-helpers.mjs';

const app = useServerAndBrowser();
const PASSCODE = 'ward-7b-night';
// Words that identify this child: none may be readable at rest or in the locked page.
const SECRETS = ['Bed 12 Lina', 'Sinclair', '"spo2_percent"', 'cough'];

/** Every localStorage value and IndexedDB database name of the page, as one text. */
async function storedText(page) {
  return page.evaluate(async () => {
    const values = Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`);
    const dbs = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
    return [...values, ...dbs].join('\n');
  });
}

/** Opens "This device" (a fold, built when opened) unless it is open; resolves once it is built. */
async function openDeviceControls(page) {
  if (!(await page.locator('#device-controls').evaluate((d) => d.open))) await page.click('#device-heading');
  await page.locator('#idle-minutes').waitFor();
}

async function setPasscode(page, passcode, repeat = passcode) {
  await openDeviceControls(page);
  await page.fill('#new-passcode', passcode);
  await page.fill('#repeat-passcode', repeat);
  await page.click('#set-passcode-button');
}

test('a ward passcode seals the data; idle locks; a wrong passcode shows nothing; the right one brings it all back', async () => {
  const page = await newPage(app.browser, { viewport: { width: 1180, height: 820 } });
  page.on('dialog', (d) => d.accept());
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');

  // A child is triaged and saved on the board before the passcode is set: setting it seals
  // what is already stored.
  await enterCase(page, { age_years: 6, complaint: 'cough', vitals: { spo2_percent: '93' } });
  const level = ruleLevel('paedctas.respiratory.spo2_mild');
  assert.equal(await shownLevel(page, level), String(level));
  await page.fill('#board-label', 'Bed 12 Lina');
  await page.click('#save-assessment');
  await page.waitForSelector('#save-status:has-text("Saved")');
  assert.match(await storedText(page), /Bed 12 Lina/, 'control: plain before the passcode');

  // Too short, and two that differ: refused with the reason, nothing set.
  await setPasscode(page, 'abc');
  assert.match(await page.textContent('#passcode-error'), /at least 6 characters/);
  await page.fill('#new-passcode', PASSCODE);
  await page.fill('#repeat-passcode', `${PASSCODE}x`);
  await page.click('#set-passcode-button');
  assert.match(await page.textContent('#passcode-error'), /differ/);
  await page.fill('#new-passcode', PASSCODE);
  await page.fill('#repeat-passcode', PASSCODE);
  await page.click('#set-passcode-button');
  await page.waitForSelector('#lock-on');

  // Go on working: a second child being typed (a history note too), not yet saved.
  await page.click('#new-patient');
  await enterCase(page, { age_years: 3, vitals: { heart_rate_per_min: '150' } });
  await page.click('#tab-history');
  await page.fill('#q-medicines', 'Sinclair syrup');
  await page.click('#tab-triage');
  await page.waitForTimeout(600); // the draft's autosave (300 ms) and its sealing
  const atRest = await storedText(page);
  for (const secret of SECRETS) assert.ok(!atRest.includes(secret), `"${secret}" readable at rest`);
  assert.match(atRest, /pediatriage\.audit=pediatriage-sealed-1:/);
  assert.match(atRest, /pediatriage\.board=pediatriage-sealed-1:/);
  assert.match(atRest, /pediatriage\.draft=pediatriage-sealed-1:/);

  // The idle time passes: the tablet locks (announced first), and the page holds nothing.
  await openDeviceControls(page);
  await page.fill('#idle-minutes', '0.25');
  await page.click('#app-title');
  await page.locator('#idle-warning:has-text("will lock")').waitFor({ timeout: 20_000 });
  await page.locator('#lock-screen').waitFor({ timeout: 20_000 });
  const locked = await page.content();
  for (const secret of ['Bed 12 Lina', 'Sinclair', '150', '93']) {
    assert.ok(!locked.includes(secret), `"${secret}" is in the locked page`);
  }
  assert.equal(await page.locator('#tab-triage, #entry, #board-list').count(), 0);
  const sealed = await storedText(page);

  // A wrong passcode: a message, still locked, storage untouched.
  await page.fill('#unlock-passcode', 'ward-7b-nigth');
  await page.click('#unlock-button');
  await page.locator('#unlock-error:has-text("Wrong passcode")').waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('#lock-screen').count(), 1);
  assert.ok(!(await page.content()).includes('Bed 12 Lina'));
  assert.equal(await storedText(page), sealed, 'a wrong passcode changes nothing stored');

  // The right one: the board, the saved record and the form as it was.
  await page.fill('#unlock-passcode', PASSCODE);
  await page.click('#unlock-button');
  await page.locator('#lock-screen').waitFor({ state: 'detached', timeout: 20_000 });
  assert.equal(await page.inputValue('#heart-rate'), '150');
  assert.equal(await page.inputValue('#age-years'), '3');
  assert.equal(await page.textContent('#records-count'), '1');
  await page.click('#tab-history');
  assert.equal(await page.inputValue('#q-medicines'), 'Sinclair syrup');
  await page.click('#tab-board');
  assert.match(await page.textContent('#board-list'), /Bed 12 Lina/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a reload keeps the tablet locked; end of shift from the lock screen erases everything', async () => {
  const page = await newPage(app.browser);
  page.on('dialog', (d) => d.accept());
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await setPasscode(page, PASSCODE);
  await page.waitForSelector('#lock-on');
  await typeInto(page, '#age-years', '4');
  await page.fill('#board-label', 'Sinclair');
  await typeInto(page, '#temperature', '39.1');
  await page.waitForTimeout(600);
  // A reload drops the key: the app comes back locked, with nothing shown.
  await page.reload();
  await waitForApp(page);
  await page.locator('#lock-screen').waitFor();
  assert.ok(!(await page.content()).includes('Sinclair'));
  // The passcode is forgotten: end of shift erases every child's data and the passcode.
  await page.click('#lock-forgotten > summary');
  await page.click('#lock-forgotten #clear-all');
  await page.locator('#lock-screen').waitFor({ state: 'detached' });
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => /audit|board|draft|lock/.test(k)));
  assert.deepEqual(left, []);
  assert.equal(await page.inputValue('#age-years'), '');
  await openDeviceControls(page);
  assert.equal(await page.locator('#set-passcode').count(), 1, 'a new shift sets its own passcode');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
