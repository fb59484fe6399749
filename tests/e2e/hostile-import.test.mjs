// Hostile hand-offs: oversized, deeply nested, wrong-type, script-bearing and damaged files or
// QR texts are refused with a clear message, change nothing on screen or in storage, and never
// run a script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newPage, useServerAndBrowser, waitForApp } from './harness.mjs';

const work = mkdtempSync(path.join(tmpdir(), 'pediatriage-hostile-'));
const app = useServerAndBrowser();

const envelope = (answers, extra = {}) => JSON.stringify({
  format: 'pediatriage-handoff', questionnaire: 'anamnesis', version: 1, lang: 'en', answers, ...extra,
});

const CASES = [
  ['oversized.json', envelope({ medicines: 'x'.repeat(300) }).padEnd(40_000, ' '), /too large/],
  ['nested.json', `{"format":"pediatriage-handoff","answers":${'['.repeat(5000)}${']'.repeat(5000)}}`, /nested too deeply/],
  ['wrong-type.json', envelope({ age_years: 'three' }), /"Age \(completed years\)" is not accepted: Enter a number/],
  ['script-text.json', envelope({ medicines: '<img src=x onerror="window.__pwned=1">' }), /Remove the characters/],
  ['script-key.json', envelope({ '<script>window.__pwned=1</script>': true }), /does not know/],
  ['script-option.json', envelope({ sex: '<svg onload="window.__pwned=1">' }), /not a known code/],
  ['extra-field.json', envelope({}, { onload: 'window.__pwned=1' }), /does not have the fields/],
  ['not-asked.json', envelope({ age_years: 4, menarche: true }), /not asked given its other answers/],
  ['html.html', '<html><script>window.__pwned=1</script></html>', /not a Pediatriage anamnesis/],
  ['damaged-qr.txt', 'PTA1:@@@@', /damaged or incomplete/],
];

test('hostile files are refused with a reason, change nothing and run no script', async () => {
  const page = await newPage(app.browser);
  page.on('dialog', (d) => { page.errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  // Something already entered, that a refused import must not touch.
  await page.fill('#age-years', '7');
  await page.fill('#heart-rate', '101');
  await page.click('#nurse-history summary');
  // The draft is written a moment after the last keystroke.
  await page.waitForFunction(() => (localStorage.getItem('pediatriage.draft') || '').includes('101'));
  const draftBefore = await page.evaluate(() => localStorage.getItem('pediatriage.draft'));
  assert.ok(draftBefore && draftBefore.includes('101'));

  for (const [name, content, message] of CASES) {
    const file = path.join(work, name);
    writeFileSync(file, content);
    await page.setInputFiles('#import-file', file);
    const notice = page.locator('#import-message');
    // A fresh message element (the previous one was marked below).
    await page.waitForFunction(() => {
      const el = document.querySelector('#import-message');
      return el && el.dataset.file === undefined && el.getAttribute('role') === 'alert';
    });
    const text = await notice.textContent();
    assert.match(text, message, `${name}: ${text}`);
    assert.match(text, /Nothing was imported/, name);
    assert.doesNotMatch(text, /<script|<img|<svg/, `${name}: the message echoes markup`);
    await page.evaluate((n) => { document.querySelector('#import-message').dataset.file = n; }, name);
    assert.equal(await page.inputValue('#age-years'), '7', name);
    assert.equal(await page.inputValue('#heart-rate'), '101', name);
    assert.equal(await page.evaluate(() => localStorage.getItem('pediatriage.draft')), draftBefore, `${name} changed the draft`);
    assert.equal(await page.locator('#nurse-history-summary').count(), 0, `${name} added answers`);
  }
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'a script from a file ran');
  assert.equal(await page.locator('img[src="x"], svg[onload]').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a valid file after refused ones is imported', async () => {
  const page = await newPage(app.browser);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-fr');
  await page.click('#nurse-history summary');
  const bad = path.join(work, 'bad.json');
  writeFileSync(bad, envelope({ age_years: 400 }));
  await page.setInputFiles('#import-file', bad);
  await page.waitForSelector('#import-message[role="alert"]');
  assert.match(await page.textContent('#import-message'), /n'est pas acceptée.*Rien n'a été importé/);
  const good = path.join(work, 'good.json');
  writeFileSync(good, envelope({ age_years: 4, fever_at_home: true, fever_days: 6 }));
  await page.setInputFiles('#import-file', good);
  await page.waitForSelector('#import-message[role="status"]');
  assert.match(await page.textContent('#import-message'), /3 réponses importées/);
  assert.equal(await page.inputValue('#age-years'), '4');
  assert.equal(await page.textContent('#nurse-history-summary tr[data-item="fever_days"] td'), '6 jours');
  await page.context().close();
});
