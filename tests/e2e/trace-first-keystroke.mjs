// The first keystroke after a fresh load, task by task: a digit typed into the blank form's age
// field a moment after the first frame, then every main-thread task of the next two seconds
// longer than 2 ms, with what it ran (events, timers, frames) and the wasm functions it compiled
// on first call, by crate. 4x CPU throttling, as `make bench`.
// Run: PEDIATRIAGE_DIST=DIST-WITH-NAMES node tests/e2e/trace-first-keystroke.mjs
// (crate names need a build with names, see BENCHMARKS.md; WAIT=1500 ms before the keystroke,
// FIELD=#age-years, KEY=9).
import path from 'node:path';
import { startServer, launchBrowser, throttledPage, DIST } from './harness.mjs';
import { wasmNames, compiledByCrate } from './wasm-names.mjs';

const WAIT = Number(process.env.WAIT || 1500);
const FIELD = process.env.FIELD || '#age-years';
const KEY = process.env.KEY || '9';
const names = wasmNames(path.join(DIST, 'pkg/app_bg.wasm'));
const server = await startServer();
const browser = await launchBrowser();
const { page, cdp } = await throttledPage(browser, 4);
await page.goto(server.url);
await page.waitForSelector(FIELD);
await page.waitForTimeout(WAIT);
await page.focus(FIELD);
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.wasm'] });
await page.keyboard.press(KEY);
await page.waitForTimeout(2000);
const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
await browser.close();
server.stop();

const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
const mine = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X');
const tasks = mine.filter((e) => e.name === 'RunTask' && e.dur > 2000).sort((a, b) => a.ts - b.ts);
const RAN = ['EventDispatch', 'TimerFire', 'FireAnimationFrame', 'FireIdleCallback'];
console.log(`the first keystroke (${KEY} into ${FIELD}, ${WAIT} ms after the field appeared), 4x throttling: main-thread tasks over 2 ms`);
for (const task of tasks) {
  const inner = mine.filter((e) => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur);
  const ran = [...new Set(inner.filter((e) => RAN.includes(e.name)).map((e) => e.name + (e.args?.data?.type ? `(${e.args.data.type})` : '')))];
  const lazy = inner.filter((e) => e.name === 'wasm.CompileLazy');
  const byCrate = compiledByCrate(lazy, names);
  const compiled = [...byCrate.values()].reduce((a, c) => a + c.ms, 0).toFixed(1);
  const top = [...byCrate].sort((a, b) => b[1].ms - a[1].ms).slice(0, 5).map(([crate, c]) => `${crate} ${c.ms.toFixed(1)}`).join(', ');
  console.log(`  +${String(Math.round((task.ts - tasks[0].ts) / 1000)).padStart(5)} ms  task ${(task.dur / 1000).toFixed(1).padStart(5)} ms  [${ran.slice(0, 4).join(' ') || 'rendering'}]  compiled on first call: ${lazy.length} functions, ${compiled} ms${top ? ` (${top})` : ''}`);
}
