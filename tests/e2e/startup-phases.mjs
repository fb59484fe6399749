// Where a fresh load's time goes before the first interactive frame, by phase, for one or more
// builds loaded in turn (a fresh context each time, 4x CPU throttling, 800×1280): the document's
// DOMContentLoaded, the wasm's instantiation called and done (`WebAssembly.instantiateStreaming`,
// wrapped), the triage form's first field in the DOM, and the frame after it (the `make bench`
// "interactive" figure), and the frame after the result column, built after the first paint, is
// there too (the whole blank screen). Medians over the loads, and each load's interactive time.
// Run: DISTS=dist-a,dist-b LOADS=12 node tests/e2e/startup-phases.mjs
import { startServer, launchBrowser, throttledPage, watchInteractive, nextInteractive, wholeScreenFrame } from './harness.mjs';

const LOADS = Number(process.env.LOADS || 8);
const DISTS = (process.env.DISTS || process.env.PEDIATRIAGE_DIST || 'dist').split(',');
const servers = [];
for (const d of DISTS) servers.push(await startServer(d));
const browser = await launchBrowser();

// Installed before the app loads (CDP, so the page's CSP does not apply): the wasm's
// instantiation, wrapped to time it.
function timeInstantiation() {
  const at = (window.__phases = {});
  const instantiate = WebAssembly.instantiateStreaming;
  WebAssembly.instantiateStreaming = function (...args) {
    at.instantiateCalled = performance.now();
    return instantiate.apply(this, args).then((r) => {
      at.instantiated = performance.now();
      return r;
    });
  };
}

const results = DISTS.map(() => []);
try {
  for (let i = 0; i < LOADS; i++) {
    for (let k = 0; k < DISTS.length; k++) {
      const { context, page, cdp } = await throttledPage(browser, 4);
      await page.addInitScript(timeInstantiation);
      await page.addInitScript(watchInteractive);
      const interactive = nextInteractive(cdp);
      await page.goto(servers[k].url);
      await interactive;
      await wholeScreenFrame(page);
      results[k].push(await page.evaluate(() => ({
        ...window.__phases,
        fieldInDom: window.__interactive.fieldInDom,
        interactive: window.__interactive.frame,
        whole: window.__interactive.whole,
        domContentLoaded: performance.getEntriesByType('navigation')[0].domContentLoadedEventStart,
      })));
      await context.close();
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const phases = ['domContentLoaded', 'instantiateCalled', 'instantiated', 'fieldInDom', 'interactive', 'whole'];
  console.log(`navigation → each phase, ms, median of ${LOADS} loads (4x throttling):`);
  for (let k = 0; k < DISTS.length; k++) {
    const r = results[k];
    const cols = phases.map((p) => `${p} ${Math.round(median(r.map((x) => x[p])))}`).join(', ');
    console.log(`  ${DISTS[k]}: ${cols}; interactive per load: ${r.map((x) => Math.round(x.interactive)).join(' ')}`);
  }
} finally {
  await browser.close();
  for (const s of servers) s.stop();
}
