// Where a keystroke's main-thread time goes, by the task that spends it: the keystroke's own task
// (its key and input events, and the effects they wake), the animation frame and rendering, and
// timers (the panels that follow once the frame is painted). A Chromium trace, 4x CPU throttling,
// the pain score of a 9-year-old with abdominal pain typed and deleted (each edit moves the level,
// as in `make bench`), 150 ms between keystrokes, averaged per keystroke.
// Run: PEDIATRIAGE_DIST=dist N=40 node tests/e2e/trace-keystroke.mjs
// SELF=1 adds the self time of each trace event in the keystroke's own task (script, the
// layout the editor forces, the editing itself), and what each forced layout ran under.
// THROTTLE=1 runs unthrottled. FUNCTIONS=30 adds V8's CPU samples: JS time sampled per keystroke in the keystroke's own task
// and in later tasks, and the functions that take most of each (inclusive). Wasm functions have
// names only in a build made without `--remove-name-section` (see BENCHMARKS.md).
// (FIELD=#weight KEY=0 after typing 3 in it times a keystroke that changes nothing the banner shows.)
import { startServer, launchBrowser, throttledPage } from './harness.mjs';
import { enterBenchChild } from './bench-child.mjs';

const N = Number(process.env.N || 40);
const FIELD = process.env.FIELD || '#pain-score';
const KEY = process.env.KEY || '8';
const FUNCTIONS = Number(process.env.FUNCTIONS || 0);
const THROTTLE = Number(process.env.THROTTLE || 4);
const SELF = process.env.SELF === '1';
// INVALIDATIONS=1: what marked layout dirty, by the task that marked it and the node, and how
// many objects each layout in the keystroke's own task found dirty.
const INVALIDATIONS = process.env.INVALIDATIONS === '1';
// Only functions whose names match (the app's crates by default; MATCH=. lists every one).
const MATCH = new RegExp(process.env.MATCH || '^<?(app|rules|model|reactive_graph|tachys)::');
const server = await startServer();
const browser = await launchBrowser();
const { page, cdp } = await throttledPage(browser, THROTTLE);
await page.goto(server.url);
await enterBenchChild(page);
// FIELD=#bench-plain: the same keystrokes into a plain input the app does not listen to, added
// to the same page (the baseline of `make bench`).
if (FIELD === '#bench-plain') {
  await page.evaluate(() => {
    const plain = document.createElement('input');
    plain.id = 'bench-plain';
    plain.setAttribute('aria-label', 'benchmark baseline');
    document.querySelector('#entry').prepend(plain);
  });
}
await page.click(FIELD);
if (FIELD === '#weight') await page.keyboard.type('3');
await page.waitForTimeout(500);

const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];
if (FUNCTIONS) categories.push('disabled-by-default-v8.cpu_profiler');
// Blink's own events: the editor, style and layout, with what called them.
if (SELF) categories.push('blink', 'v8');
if (INVALIDATIONS) categories.push('disabled-by-default-devtools.timeline.invalidationTracking');
await browser.startTracing(page, { categories });
for (let i = 0; i < N; i++) {
  if (i % 2 === 0) await page.keyboard.type(KEY);
  else await page.keyboard.press('Backspace');
  await page.waitForTimeout(150);
}
const traced = await browser.stopTracing();
// TRACE_OUT=file.json keeps the trace (it opens in Chromium's performance panel).
if (process.env.TRACE_OUT) (await import('node:fs')).writeFileSync(process.env.TRACE_OUT, traced);
const events = JSON.parse(traced.toString()).traceEvents;
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
const tasks = mine.filter((e) => e.name === 'RunTask').map((task) => ({ start: task.ts, end: task.ts + task.dur, kind: kindOf(task) }));
for (const task of tasks) sum.set(task.kind, (sum.get(task.kind) || 0) + (task.end - task.start) / 1000);
console.log(`main-thread time per keystroke (${N} keystrokes in ${FIELD}, ${THROTTLE}x throttling):`);
for (const [kind, ms] of [...sum].sort((a, b) => b[1] - a[1])) console.log(`  ${(ms / N).toFixed(2).padStart(6)} ms  ${kind}`);

if (SELF) {
  // An event's self time: its duration less its children's, nesting read from start and end.
  const self = new Map();
  const layoutUnder = new Map();
  for (const task of mine.filter((e) => e.name === 'RunTask' && kindOf(e) === 'the keystroke\'s own task')) {
    const inner = mine
      .filter((e) => e.ts >= task.ts && e.ts + e.dur <= task.ts + task.dur)
      .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const open = [];
    const childTime = new Map();
    for (const e of inner) {
      while (open.length && open.at(-1).ts + open.at(-1).dur <= e.ts) open.pop();
      const parent = open.at(-1);
      if (parent) childTime.set(parent, (childTime.get(parent) || 0) + e.dur);
      if (e.name === 'Document::UpdateStyleAndLayout' && parent) {
        const under = open.map((o) => o.name + (o.args?.data?.type ? `(${o.args.data.type})` : '')).slice(-4).join(' > ');
        layoutUnder.set(under, (layoutUnder.get(under) || 0) + e.dur / 1000);
      }
      open.push(e);
    }
    for (const e of inner) self.set(e.name, (self.get(e.name) || 0) + (e.dur - (childTime.get(e) || 0)) / 1000);
  }
  console.log('self time per keystroke in the keystroke\'s own task (FunctionCall: script):');
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${(ms / N).toFixed(2).padStart(6)} ms  ${name}`);
  console.log('style and layout the task forced, by what it ran under:');
  for (const [under, ms] of [...layoutUnder].sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`  ${(ms / N).toFixed(2).padStart(6)} ms  ${under}`);
}

if (INVALIDATIONS) {
  const taskAt = (ts) => tasks.find((t) => t.start <= ts && ts <= t.end)?.kind || 'outside a task';
  const marked = new Map();
  for (const e of events.filter((x) => x.tid === main.tid && x.name === 'LayoutInvalidationTracking')) {
    const d = e.args?.data || {};
    const key = `${taskAt(e.ts)} | ${d.reason} | ${d.nodeName}`;
    marked.set(key, (marked.get(key) || 0) + 1);
  }
  console.log('layout invalidations per keystroke, by task | reason | node:');
  for (const [key, n] of [...marked].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${(n / N).toFixed(1).padStart(6)}  ${key}`);
  const layouts = new Map();
  for (const e of mine.filter((x) => x.name === 'Layout')) {
    const kind = taskAt(e.ts);
    const entry = layouts.get(kind) || { n: 0, dirty: 0, total: 0, ms: 0 };
    entry.n++;
    entry.dirty += e.args?.beginData?.dirtyObjects || 0;
    entry.total += e.args?.beginData?.totalObjects || 0;
    entry.ms += e.dur / 1000;
    layouts.set(kind, entry);
  }
  console.log('layouts per keystroke, by task: count, objects found dirty, objects in all, ms:');
  for (const [kind, l] of layouts) console.log(`  ${(l.n / N).toFixed(1)} layouts, ${(l.dirty / N).toFixed(0)} dirty of ${(l.total / N).toFixed(0)}, ${(l.ms / N).toFixed(2)} ms  ${kind}`);
}

if (FUNCTIONS) {
  // The samples, each with its time, attributed to the task it fell in.
  const profile = events.find((e) => e.name === 'Profile' && e.pid === main.pid);
  const nodes = new Map();
  const samples = [];
  let at = profile.args.data.startTime;
  for (const chunk of events.filter((e) => e.name === 'ProfileChunk' && e.id === profile.id)) {
    const p = chunk.args.data.cpuProfile || {};
    for (const n of p.nodes || []) nodes.set(n.id, n);
    const deltas = chunk.args.data.timeDeltas || [];
    (p.samples || []).forEach((id, i) => {
      at += deltas[i];
      samples.push([id, at]);
    });
  }
  const named = (id) => (nodes.get(id).callFrame.functionName || '(anonymous)').replace(/\[[0-9a-f]{16}\]/g, '');
  const byKind = new Map();
  tasks.sort((a, b) => a.start - b.start);
  let t = 0;
  for (let k = 0; k + 1 < samples.length; k++) {
    const [id, ts] = samples[k];
    while (t < tasks.length && tasks[t].end < ts) t++;
    const task = tasks[t]?.start <= ts ? tasks[t] : null;
    const leaf = named(id);
    if (!task || leaf === '(idle)' || leaf === '(program)') continue;
    const kind = task.kind === 'the keystroke\'s own task' ? task.kind : 'later tasks';
    const entry = byKind.get(kind) || { ms: 0, fns: new Map() };
    const dt = (samples[k + 1][1] - ts) / 1000;
    entry.ms += dt;
    const seen = new Set();
    for (let n = id; n !== undefined; n = nodes.get(n).parent) {
      const name = named(n);
      if (!seen.has(name)) entry.fns.set(name, (entry.fns.get(name) || 0) + dt);
      seen.add(name);
    }
    byKind.set(kind, entry);
  }
  for (const [kind, { ms, fns }] of byKind) {
    console.log(`JS sampled in ${kind}: ${(ms / N).toFixed(2)} ms per keystroke; its top functions (inclusive):`);
    const top = [...fns].filter(([name]) => MATCH.test(name)).sort((a, b) => b[1] - a[1]).slice(0, FUNCTIONS);
    for (const [name, v] of top) console.log(`  ${((100 * v) / ms).toFixed(1).padStart(5)} %  ${name.slice(0, 150)}`);
  }
}
