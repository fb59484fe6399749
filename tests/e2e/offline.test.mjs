// Offline after one visit (the service worker, public/sw.template.js → dist/sw.js): the app
// opens and computes a triage level with the network gone and the server stopped; controls
// show that without a previous visit, or with service workers blocked, the same offline load
// fails. And an update never swaps the code under an open page: the new worker waits, and
// the next visit gets it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, launchBrowser, newPage, waitForApp, DIST } from './harness.mjs';
import { decidingRules, enterCase, ruleLevel, shownLevel, FIELD_IDS, typeInto } from './triage-helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const VERSION_RE = /const VERSION = '([^']+)';/;

async function builtVersion(dir = DIST) {
  const match = (await readFile(path.join(dir, 'sw.js'), 'utf8')).match(VERSION_RE);
  assert.ok(match, 'sw.js carries its build version');
  return match[1];
}

/** Waits until the page is controlled by a service worker. */
async function waitForController(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
}

/** The build version held by the page's controller, or the registration's active/waiting worker. */
async function workerVersion(page, which) {
  return page.evaluate(async (which) => {
    const registration = await navigator.serviceWorker.getRegistration();
    const worker = which === 'controller' ? navigator.serviceWorker.controller : registration?.[which];
    if (!worker) return null;
    const channel = new MessageChannel();
    const reply = new Promise((resolve) => { channel.port1.onmessage = (event) => resolve(event.data.version); });
    worker.postMessage('pediatriage-version', [channel.port2]);
    // A worker that does not answer fails the test instead of holding it.
    return Promise.race([reply, new Promise((resolve) => setTimeout(() => resolve('no answer'), 10_000))]);
  }, which);
}

// A 7-week-old with 38.6 °C: the infant fever rule decides.
const INFANT_FEVER = { age_days: 49, vitals: { temperature_c: '38.6' } };
const FEVER_RULE = 'paedctas.temperature.fever_under_3_months';

/** Types the infant fever case and checks the level and deciding rule on screen. */
async function checkTriageWorks(page) {
  await page.click('#lang-en');
  // Empty first: a draft saved by an earlier page of this test may have been restored.
  await page.fill(FIELD_IDS.age_days, '');
  await page.fill(FIELD_IDS.temperature_c, '');
  await enterCase(page, INFANT_FEVER);
  const level = ruleLevel(FEVER_RULE);
  assert.equal(await shownLevel(page, level), String(level));
  assert.ok((await decidingRules(page)).includes(FEVER_RULE));
}

test('after one visit the app opens offline, with the server stopped, and computes a level', async () => {
  const server = await startServer();
  const page = await newPage(browser);
  const context = page.context();
  try {
    await page.goto(server.url);
    await waitForApp(page);
    // The first visit is taken over by the freshly installed worker (first install claims).
    await waitForController(page);
    const version = await builtVersion();
    assert.equal(await workerVersion(page, 'controller'), version);
    assert.ok((await page.evaluate(() => caches.keys())).includes(`pediatriage-${version}`));

    await context.setOffline(true);
    server.stop();
    await page.reload();
    await waitForApp(page);
    await checkTriageWorks(page);

    // A new tab, as when the nurse opens the app again.
    const second = await context.newPage();
    await second.goto(server.url);
    await waitForApp(second);
    await checkTriageWorks(second);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
    server.stop();
  }
});

test('control: with no previous visit the same offline load fails', async () => {
  const server = await startServer();
  const page = await newPage(browser);
  try {
    await page.context().setOffline(true);
    await assert.rejects(page.goto(server.url), /ERR_INTERNET_DISCONNECTED/);
    assert.equal(await page.locator('#app-title').count(), 0);
  } finally {
    await page.context().close();
    server.stop();
  }
});

test('control: with service workers blocked a previous visit does not make it work offline', async () => {
  const server = await startServer();
  const page = await newPage(browser, { serviceWorkers: 'block' });
  try {
    await page.goto(server.url);
    await waitForApp(page);
    assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
    await page.context().setOffline(true);
    server.stop();
    await assert.rejects(page.reload(), /ERR_INTERNET_DISCONNECTED/);
  } finally {
    await page.context().close();
    server.stop();
  }
});

test('an update waits: the open page keeps its version and what was typed; the next visit gets it', async () => {
  // A copy of the build, so that the served build can be changed under the open page.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pediatriage-sw-'));
  await cp(DIST, dir, { recursive: true });
  const server = await startServer(dir);
  const page = await newPage(browser);
  const context = page.context();
  try {
    await page.goto(server.url);
    await waitForApp(page);
    await waitForController(page);
    const oldVersion = await builtVersion(dir);
    assert.equal(await workerVersion(page, 'controller'), oldVersion);
    await page.click('#lang-en');
    await typeInto(page, FIELD_IDS.age_years, '4');
    await typeInto(page, FIELD_IDS.heart_rate_per_min, '110');
    await page.evaluate(() => { window.pediatriageSameDocument = true; });

    // A new build is served: the same files with another version in sw.js.
    const newVersion = `${oldVersion}-next`;
    const sw = path.join(dir, 'sw.js');
    await writeFile(sw, (await readFile(sw, 'utf8')).replace(VERSION_RE, `const VERSION = '${newVersion}';`));
    // The update check a browser makes on its own, made now; resolves once the new worker
    // has installed. (The server serves the changed sw.js, not its older precompressed copy.)
    const installed = await page.evaluate(async () => {
      const timeout = new Promise((resolve) => setTimeout(() => resolve('timed out'), 30_000));
      const registration = await navigator.serviceWorker.getRegistration();
      await registration.update();
      const found = registration.installing || registration.waiting || await Promise.race([timeout, new Promise((resolve) => {
        registration.addEventListener('updatefound', () => resolve(registration.installing), { once: true });
      })]);
      if (found === 'timed out') return 'no update found';
      const settled = new Promise((resolve) => {
        const check = () => { if (found.state !== 'installing') resolve(found.state); };
        found.addEventListener('statechange', check);
        check();
      });
      return Promise.race([settled, timeout]);
    });
    assert.equal(installed, 'installed', 'the new worker installs and then waits');

    assert.equal(await workerVersion(page, 'waiting'), newVersion, 'the new worker is waiting');
    assert.equal(await workerVersion(page, 'active'), oldVersion, 'the old worker stays active');
    assert.equal(await workerVersion(page, 'controller'), oldVersion, 'the open page keeps its worker');
    assert.equal(await page.evaluate(() => window.pediatriageSameDocument), true, 'the page was not reloaded');
    assert.equal(await page.inputValue(FIELD_IDS.age_years), '4');
    assert.equal(await page.inputValue(FIELD_IDS.heart_rate_per_min), '110');
    // Both caches exist while the old version still serves an open page.
    const caches = await page.evaluate(() => caches.keys());
    assert.ok(caches.includes(`pediatriage-${oldVersion}`) && caches.includes(`pediatriage-${newVersion}`), caches.join());
    assert.deepEqual(page.errors, []);

    // Every page closed: the waiting worker activates (the browser does it once the old
    // version has no page left; watched from the worker itself, as no page is open), then a
    // new visit is served by the new version and the old cache is gone.
    await page.close();
    const deadline = Date.now() + 30_000;
    let states = [];
    while (Date.now() < deadline) {
      states = await Promise.all(context.serviceWorkers().map((w) =>
        w.evaluate(() => `${VERSION} ${self.serviceWorker.state}`).catch((e) => `gone: ${e.message}`)));
      if (states.includes(`${newVersion} activated`)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.ok(states.includes(`${newVersion} activated`), `the new worker activates: ${states.join('; ')}`);
    const next = await context.newPage();
    await next.goto(server.url);
    await waitForApp(next);
    await waitForController(next);
    assert.equal(await workerVersion(next, 'controller'), newVersion);
    assert.equal(await workerVersion(next, 'waiting'), null);
    assert.deepEqual(await next.evaluate(() => caches.keys()), [`pediatriage-${newVersion}`]);
  } finally {
    await context.close();
    server.stop();
    await rm(dir, { recursive: true, force: true });
  }
});
