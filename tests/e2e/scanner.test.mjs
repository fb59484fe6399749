// The live QR scanner: the nurse points the tablet's camera at the parent's phone and the
// history is imported, with no photo taken. Chromium's fake camera plays a .y4m video made here
// from a real hand-off QR code, drawn by the app on a parent's page; the camera is off once the
// code is read. A refused or absent camera says so, and the file route still works.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, newPage, useServerAndBrowser, waitForApp } from './harness.mjs';
import { answerParentForm } from './anamnesis-helpers.mjs';

const app = useServerAndBrowser();
const work = mkdtempSync(path.join(tmpdir(), 'pediatriage-scanner-'));
const WIDTH = 640;
const HEIGHT = 480;

/** A parent's answers: enough to recognise them on the nurse's side. */
const PARENT = {
  age_years: { type: '2' }, weight_kg: { type: '13' }, complaint: 'fever',
  fever_at_home: true, fever_max_c: { type: '39,2' }, medicines: { type: 'Ibuprofène 100 mg' },
};

/**
 * A parent fills in the form on a phone; the hand-off QR code the app shows is drawn on a
 * 640×480 white frame and returned as its luma (one byte per pixel), with the payload.
 */
async function parentsQrFrame() {
  const page = await newPage(app.browser, { viewport: { width: 390, height: 844 } });
  await page.goto(`${app.server.url}#/parent`);
  await waitForApp(page);
  await page.click('#lang-fr');
  await answerParentForm(page, PARENT);
  const img = page.locator('#handoff-qr');
  await img.waitFor();
  const payload = await img.getAttribute('data-payload');
  const luma = await img.evaluate(async (el, [w, h]) => {
    await el.decode();
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, w, h);
    const side = h - 40;
    ctx.drawImage(el, (w - side) / 2, 20, side, side);
    const rgba = ctx.getImageData(0, 0, w, h).data;
    const out = new Array(w * h);
    for (let i = 0; i < w * h; i += 1) out[i] = Math.round(0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2]);
    return out;
  }, [WIDTH, HEIGHT]);
  await page.context().close();
  return { payload, luma: Buffer.from(luma) };
}

/** A Y4M video (4:2:0) of `frames` copies of one grey picture. */
function y4m(luma, frames = 10) {
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2), 128);
  const parts = [Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`)];
  for (let i = 0; i < frames; i += 1) parts.push(Buffer.from('FRAME\n'), luma, chroma, chroma);
  return Buffer.concat(parts);
}

let camera;
let cameraReady;
/** The browser with the fake camera, made once (after the shared server and browser exist). */
function cameraBrowser() {
  cameraReady ??= launchCamera();
  return cameraReady;
}

async function launchCamera() {
  const { payload, luma } = await parentsQrFrame();
  assert.ok(payload.length > 20, 'the parent page shows a QR code');
  const video = path.join(work, 'handoff-qr.y4m');
  writeFileSync(video, y4m(luma));
  // A browser whose camera plays that video, with camera permission granted by its fake UI.
  camera = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`],
  });
  return camera;
}

after(async () => {
  await camera?.close();
});

async function nursePage(browser) {
  const context = await browser.newContext({ viewport: { width: 1180, height: 820 }, hasTouch: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.click('#lang-en');
  await page.click('#nurse-history summary');
  return page;
}

test('the camera reads the parent\'s QR code live: the history is imported and the camera goes off', async () => {
  const page = await nursePage(await cameraBrowser());
  await page.click('#scan-start');
  await page.waitForSelector('#scan-hint');
  await page.waitForSelector('#import-message', { timeout: 30_000 });
  assert.match(await page.textContent('#import-message'), /Imported \d+ answers \(given in French\)/);
  // The parent's answers are on the nurse's form.
  assert.equal(await page.inputValue('#age-years'), '2');
  assert.equal(await page.inputValue('#weight'), '13');
  assert.equal(await page.inputValue('#complaint'), 'fever');
  assert.match(await page.textContent('#nurse-history-summary'), /Ibuprofène 100 mg/);
  // The camera is off: no stream on the video, every track ended, the scan button back.
  await page.waitForSelector('#scan-start');
  assert.equal(await page.evaluate(() => document.querySelector('#scan-video').srcObject), null);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('closing the scanner turns the camera off', async () => {
  const page = await nursePage(await cameraBrowser());
  // Watch the tracks the page gets, to see them end.
  await page.evaluate(() => {
    window.__tracks = [];
    const open = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (c) => {
      const s = await open(c);
      window.__tracks.push(...s.getTracks());
      return s;
    };
  });
  await page.click('#scan-start');
  await page.click('#scan-stop');
  await page.waitForSelector('#scan-start');
  await page.waitForFunction(() => window.__tracks.length > 0 && window.__tracks.every((t) => t.readyState === 'ended'));
  assert.equal(await page.locator('#import-message').count(), 0, 'nothing imported once closed');
  await page.context().close();
});

test('a refused camera says so, and the file route still works', async () => {
  // The usual test browser has no fake camera: the camera is refused (or absent).
  const page = await nursePage(app.browser);
  await page.context().clearPermissions();
  await page.click('#scan-start');
  await page.waitForSelector('#scan-message');
  assert.match(await page.textContent('#scan-message'), /camera was refused|No camera was found|no camera access/);
  assert.match(await page.textContent('#scan-message'), /choose the file|Choose the file/);
  const file = path.join(work, 'handoff.txt');
  const { payload } = await parentsQrFrame();
  writeFileSync(file, payload);
  await page.setInputFiles('#import-file', file);
  await page.waitForSelector('#import-message');
  assert.match(await page.textContent('#import-message'), /Imported \d+ answers/);
  assert.equal(await page.inputValue('#age-years'), '2');
  await page.context().close();
});
