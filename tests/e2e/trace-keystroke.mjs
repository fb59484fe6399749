// Where a keystroke's main-thread time goes, by the task that spends it: the keystroke's own task
// (its key and input events, and the effects they wake), the animation frame and rendering, and
// timers (the panels that follow once the frame is painted). A Chromium trace, 4x CPU throttling,
// the pain score of a 9-year-old with abdominal pain typed and deleted (each edit moves the level,
// as in `make bench`), 150 ms between keystrokes, averaged per keystroke.
// Run: PEDIATRIAGE_DIST=dist N=40 node tests/e2e/trace-keystroke.mjs
// (FIELD=#weight KEY=0 after typing 3 in it times a keystroke that changes nothing the banner shows.)
import { startServer, launchBrowser } from './harness.mjs';
import { enterBenchChild } from './bench-child.mjs';

const N = Number(process.env.N || 40);
const FIELD = process.env.FIELD || '#pain-score';
const KEY = process.env.KEY || '8';
const server = await startServer();
const browser = await launchBrowser();
const ctx = await browser.newContext({ viewport: { width: 800, height: 1280 } });
const page = await ctx.newPage();
const cdp = await ctx.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await page.goto(server.url);
await enterBenchChild(page);
await page.click(FIELD);
if (FIELD === '#weight') await page.keyboard.type('3');
await page.waitForTimeout(500);

await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
for (let i = 0; i < N; i++) {
  if (i % 2 === 0) await page.keyboard.type(KEY);
  else await page.keyboard.press('Backspace');
  await page.waitForTimeout(150);
}
const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
await browser.close();
server.stop();

const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
const mine = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X');
const kindOf = (task) => {
  const inner = mine.filter((e) => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur && e !== task);
  if (inner.some((e) => e.name === 'EventDispatch' && /^(key|input|beforeinput|textInput)/.test(e.args?.data?.type || ''))) return 'the keystroke\'s own task';
  if (inner.some((e) => e.name === 'TimerFire')) return 'timers (panels that follow the frame)';
  if (inner.some((e) => e.name === 'FireAnimationFrame')) return 'animation frame and its rendering';
  if (inner.some((e) => /Paint|Layout|UpdateLayoutTree|Commit/.test(e.name))) return 'rendering';
  return 'other';
};
const sum = new Map();
for (const task of mine.filter((e) => e.name === 'RunTask')) {
  const kind = kindOf(task);
  sum.set(kind, (sum.get(kind) || 0) + task.dur / 1000);
}
console.log(`main-thread time per keystroke (${N} keystrokes in ${FIELD}, 4x throttling):`);
for (const [kind, ms] of [...sum].sort((a, b) => b[1] - a[1])) console.log(`  ${(ms / N).toFixed(2).padStart(6)} ms  ${kind}`);
