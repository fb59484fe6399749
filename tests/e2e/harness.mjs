// Shared set-up for the end-to-end tests: serve the built dist/ on 127.0.0.1 and drive
// Debian's headless Chromium with playwright-core, as a person would.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { before, after } from 'node:test';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The built bundle: $PEDIATRIAGE_DIST if set (as for scripts/build-web.sh), else dist/. */
export const DIST = process.env.PEDIATRIAGE_DIST ? path.resolve(root, process.env.PEDIATRIAGE_DIST) : path.join(root, 'dist');

/** Starts scripts/serve.py on a free port; resolves to { url, stop }. */
export async function startServer(dir = DIST) {
  if (!existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir}/index.html is missing: run scripts/build-web.sh first`);
  }
  const child = spawn('python3', [path.join(root, 'scripts/serve.py'), '--port', '0', '--dir', dir, '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk;
      const match = buffer.match(/serving (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
    setTimeout(() => reject(new Error('server did not start within 10 s')), 10_000);
  });
  return { url, stop: () => child.kill() };
}

/**
 * Launches headless Chromium with the flags this closed network needs, and any given in
 * PEDIATRIAGE_CHROMIUM_ARGS (space-separated; for measuring what a browser setting would change,
 * e.g. `--js-flags=--no-wasm-lazy-compilation`, never for the tests).
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup.sh`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...(process.env.PEDIATRIAGE_CHROMIUM_ARGS?.split(' ').filter(Boolean) ?? [])],
  });
}

/**
 * A fresh page (own storage) that records page errors and console errors, so a test can
 * assert that nothing went wrong behind what it reads.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') page.errors.push(message.text());
  });
  return page;
}

// The binding through which watchInteractive reports to nextInteractive.
const REPORT_INTERACTIVE = '__reportInteractive';

/**
 * A page in a fresh context at the benchmarks' tablet size (800×1280), its CPU slowed `rate`
 * times through its CDP session, which it returns too: what the benchmarks and traces open.
 */
export async function throttledPage(browser, rate) {
  const context = await browser.newContext({ viewport: { width: 800, height: 1280 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  // For nextInteractive: watchInteractive reports through this binding, in every load (its
  // calls reach a session with the Runtime domain enabled; Playwright's own session has it too).
  await cdp.send('Runtime.enable');
  await cdp.send('Runtime.addBinding', { name: REPORT_INTERACTIVE });
  return { context, page, cdp };
}

/**
 * Resolves with `window.__interactive.frame` of the page's next load: call it before
 * `page.goto` or `page.reload`, then await it. watchInteractive reports the time through a CDP
 * binding (`throttledPage` adds it), so nothing of the test driver runs in the page before
 * then. Waiting with `page.waitForFunction` made Playwright compile its injected script in the
 * page (30–60 ms of main thread at 4x) while the app was still starting: after the `load`
 * event, which the static form reaches once drawn and the app before its wasm has started
 * (BENCHMARKS.md, session 18).
 */
export function nextInteractive(cdp, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cdp.off('Runtime.bindingCalled', onCall);
      reject(new Error(`no interactive frame within ${timeoutMs} ms`));
    }, timeoutMs);
    const onCall = (event) => {
      if (event.name !== REPORT_INTERACTIVE) return;
      clearTimeout(timer);
      cdp.off('Runtime.bindingCalled', onCall);
      resolve(Number(event.payload));
    };
    cdp.on('Runtime.bindingCalled', onCall);
  });
}

/**
 * An init script (`page.addInitScript(watchInteractive)`) for the start-up traces: sets
 * `window.__interactive.fieldInDom` when the triage form's first field is in the DOM and
 * `.frame` at the next animation frame (`make bench`'s "interactive"), which it also reports to
 * nextInteractive; and `.wholeInDom` / `.whole` the same way for the result column, which the
 * app builds after its first paint (the whole blank screen). A static page may have its field
 * before the watch starts, so it also looks once then. Self-contained: it runs in the page.
 */
export function watchInteractive() {
  const at = (window.__interactive = { fieldInDom: null, frame: null, wholeInDom: null, whole: null });
  // Notes when `selector` first matches (`at[inDom]`) and the next frame (`at[frame]`).
  const once = (selector, inDom, frame, then = () => {}) => {
    if (at[inDom] !== null || !document.querySelector(selector)) return;
    at[inDom] = performance.now();
    requestAnimationFrame(() => {
      at[frame] = performance.now();
      then(at[frame]);
    });
  };
  const mark = () => {
    once('#age-years', 'fieldInDom', 'frame', (t) => {
      // The binding of nextInteractive, where the page was opened with throttledPage.
      if (typeof window.__reportInteractive === 'function') window.__reportInteractive(String(t));
    });
    once('aside.result', 'wholeInDom', 'whole');
    if (at.fieldInDom !== null && at.wholeInDom !== null) observer.disconnect();
  };
  const observer = new MutationObserver(mark);
  const watch = () => { observer.observe(document.documentElement, { childList: true, subtree: true }); mark(); };
  if (document.documentElement) watch(); else document.addEventListener('DOMContentLoaded', watch);
}

/** After nextInteractive: the frame in which the whole blank screen (the result column too) was there. */
export async function wholeScreenFrame(page) {
  await page.waitForFunction(() => window.__interactive.whole !== null, null, { timeout: 30_000 });
  return page.evaluate(() => window.__interactive.whole);
}

/** Waits until the wasm app has mounted. */
export async function waitForApp(page) {
  await page.waitForSelector('#app-title', { timeout: 15_000 });
}

/**
 * Waits until the panels that follow an edit once it is on screen (what-ifs, scores, model, rule
 * path) have caught up. The app updates them in a task queued by the first animation frame after
 * the edit; a frame and a task queued after that edit's run after it.
 */
export async function settled(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

// In the page: counts its animation frames and notes, for each name, the frame in which its
// selector first matches. Self-contained.
function recordFirstFrames(wanted) {
  const seen = (window.__framesSeen = { frames: 0, at: {} });
  const tick = () => {
    seen.frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const look = () => {
    for (const [name, selector] of Object.entries(wanted)) {
      if (seen.at[name] === undefined && document.querySelector(selector)) seen.at[name] = seen.frames;
    }
  };
  // Before the page has loaded (watchFramesFromLoad) there may be no document element yet.
  const observe = () => new MutationObserver(look).observe(document.documentElement, { childList: true, subtree: true, attributes: true });
  if (document.documentElement) observe(); else document.addEventListener('DOMContentLoaded', observe);
}

/**
 * Counts the page's animation frames from now on and notes, for each name, the frame in which
 * its selector first matches (read back with `framesSeen`): a check that two changes were
 * painted together.
 */
export async function watchFrames(page, selectors) {
  await page.evaluate(recordFirstFrames, selectors);
}

/** The same as `watchFrames`, from the first frame of each load of the page that follows. */
export async function watchFramesFromLoad(page, selectors) {
  await page.addInitScript(recordFirstFrames, selectors);
}

/** The frame in which each selector given to `watchFrames` first matched (undefined if not yet). */
export async function framesSeen(page) {
  return page.evaluate(() => window.__framesSeen.at);
}

/**
 * The usual set-up of a test file: one server and one browser for all its tests, started before
 * the first and stopped after the last. Returns { server, browser }, filled in by then.
 */
export function useServerAndBrowser() {
  const app = { server: null, browser: null };
  before(async () => {
    app.server = await startServer();
    app.browser = await launchBrowser();
  });
  after(async () => {
    await app.browser?.close();
    app.server?.stop();
  });
  return app;
}

/**
 * The text a person reads in an element, once scrolled to it: cards off screen are not
 * rendered until they come near the viewport (content-visibility in style.css), and
 * `innerText` gives only rendered text.
 */
export async function shownText(locator) {
  await locator.scrollIntoViewIfNeeded();
  await locator.page().evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  return locator.innerText();
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/**
 * Serious and critical WCAG 2.1 A/AA violations on the page as it is now (axe-core). The page's
 * CSP forbids injected scripts: the page's context must be made with `bypassCSP: true`.
 */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE });
  }
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}
