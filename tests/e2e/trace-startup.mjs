// Where start-up goes: a Chromium trace of navigation → interactive (the first frame with the
// triage form's first field), 4x CPU throttling, main-thread self time per trace event, averaged
// over several loads (the trace runs a little past the interactive frame); wasm compile events
// of other threads are listed apart.
// Run: PEDIATRIAGE_DIST=dist LOADS=3 node tests/e2e/trace-startup.mjs
// FUNCTIONS=30 adds V8's CPU samples (every 200 µs): the functions whose names match MATCH
// (the app's crates and serde_json by default) with their inclusive time per load. Wasm
// functions have names only in a build made without `--remove-name-section` (BENCHMARKS.md).
// LAZY=1 adds the wasm functions compiled on first call in the trace (to the interactive frame
// and a little past it), by
// crate: how many, their bytes and the main-thread time compiling them, per load (names from
// the wasm's name section, so a build with names). BIGGEST=20 adds the largest of them, by size.
import path from 'node:path';
import { startServer, launchBrowser, throttledPage, watchInteractive, nextInteractive, DIST } from './harness.mjs';
import { wasmNames, compiledByCrate } from './wasm-names.mjs';
const LOADS = Number(process.env.LOADS || 3);
const LAZY = process.env.LAZY === '1';
const FUNCTIONS = Number(process.env.FUNCTIONS || 0);
const MATCH = new RegExp(process.env.MATCH || '^<?(app|rules|model)::|^serde_json');
const inclusive = new Map();
const ANY = '(any of them)';
const server = await startServer();
const browser = await launchBrowser();
const agg = new Map(); const inter = [];
const lazy = new Map();
const BIGGEST = Number(process.env.BIGGEST || 0);
const biggest = new Map();

const names = LAZY ? wasmNames(path.join(DIST, 'pkg/app_bg.wasm')) : new Map();
for (let i = 0; i < LOADS; i++) {
  const { context: ctx, page, cdp } = await throttledPage(browser, 4);
  await page.addInitScript(watchInteractive);
  if (FUNCTIONS) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline', 'blink', 'loading', ...(LAZY ? ['disabled-by-default-v8.wasm.detailed'] : [])] } });
  const interactive = nextInteractive(cdp);
  await page.goto(server.url);
  const t = await interactive;
  inter.push(t);
  if (FUNCTIONS) {
    // Each sample's time counts once for every function on its stack, and once for all of
    // them together (the time spent under any of them).
    const { profile } = await cdp.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
    profile.samples.forEach((leaf, k) => {
      const ms = (profile.timeDeltas[k + 1] ?? 0) / 1000;
      const seen = new Set();
      for (let id = leaf; id !== undefined; id = parent.get(id)) {
        const name = byId.get(id).callFrame.functionName.replace(/\[[0-9a-f]{16}\]/g, '');
        if (!seen.has(name) && MATCH.test(name)) inclusive.set(name, (inclusive.get(name) || 0) + ms);
        seen.add(name);
      }
      if ([...seen].some((name) => MATCH.test(name))) inclusive.set(ANY, (inclusive.get(ANY) || 0) + ms);
    });
  }
  await cdp.send('Tracing.end'); await done;
  if (LAZY) {
    const bytes = new Map(events.filter((e) => e.name === 'wasm.CompileBaseline').map((e) => [e.args.funcIndex, e.args.bodySize]));
    const compiled = events.filter((x) => x.name === 'wasm.CompileLazy');
    compiledByCrate(compiled, names, bytes, lazy);
    for (const e of compiled) biggest.set(e.args.func_index, bytes.get(e.args.func_index) || 0);
  }
  // main renderer thread: the one with most RunTask time
  const byTid = new Map();
  for (const e of events) if (e.ph === 'X' && e.name === 'RunTask') byTid.set(`${e.pid}:${e.tid}`, (byTid.get(`${e.pid}:${e.tid}`) || 0) + e.dur);
  const main = [...byTid].sort((a, b) => b[1] - a[1])[0][0];
  const mainEv = events.filter((e) => `${e.pid}:${e.tid}` === main && e.ph === 'X');
  // self time: events sorted by start; a stack of open events
  mainEv.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const stack = [];
  for (const e of mainEv) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    if (stack.length) { const p = stack[stack.length - 1]; p.child = (p.child || 0) + e.dur; }
    stack.push(e);
  }
  // A task's own time is work the trace categories do not name: the page's script (wasm and JS).
  const label = (name) => (name === 'RunTask' ? 'RunTask, untraced (script: wasm and JS)' : name);
  for (const e of mainEv) agg.set(label(e.name), (agg.get(label(e.name)) || 0) + (e.dur - (e.child || 0)) / 1000);
  const busy = mainEv.filter(e => e.name === 'RunTask').reduce((a, e) => a + e.dur, 0) / 1000;
  agg.set('== main thread RunTask total', (agg.get('== main thread RunTask total') || 0) + busy);
  // all threads: wasm compile
  for (const e of events) if (e.ph === 'X' && /wasm/i.test(e.name) && `${e.pid}:${e.tid}` !== main) agg.set('[other thread] ' + e.name, (agg.get('[other thread] ' + e.name) || 0) + e.dur / 1000);
  await ctx.close();
}
console.log('interactive', inter.map(Math.round));
console.log([...agg].sort((a, b) => b[1] - a[1]).slice(0, 45).map(([n, v]) => `${(v / LOADS).toFixed(1).padStart(8)} ${n}`).join('\n'));
if (LAZY) {
  const all = [...lazy.values()].reduce((a, c) => ({ n: a.n + c.n, bytes: a.bytes + c.bytes, ms: a.ms + c.ms }), { n: 0, bytes: 0, ms: 0 });
  console.log(`wasm functions compiled on first call, per load: ${Math.round(all.n / LOADS)} functions, ${Math.round(all.bytes / LOADS)} bytes, ${(all.ms / LOADS).toFixed(1)} ms; by crate:`);
  for (const [crate, c] of [...lazy].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) {
    console.log(`${(c.ms / LOADS).toFixed(1).padStart(8)} ms ${String(Math.round(c.n / LOADS)).padStart(5)} functions ${String(Math.round(c.bytes / LOADS)).padStart(7)} B  ${crate}`);
  }
  if (BIGGEST) {
    console.log(`the ${BIGGEST} largest of them (bytes, name):`);
    for (const [index, size] of [...biggest].sort((a, b) => b[1] - a[1]).slice(0, BIGGEST)) {
      console.log(`${String(size).padStart(8)}  ${(names.get(index) || `function ${index}`).replace(/\[[0-9a-f]{16}\]/g, '').slice(0, 200)}`);
    }
  }
}
if (FUNCTIONS) {
  console.log(`functions matching ${MATCH}, inclusive ms per load:`);
  const top = [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, FUNCTIONS);
  console.log(top.map(([n, v]) => `${(v / LOADS).toFixed(1).padStart(8)} ${n.slice(0, 150)}`).join('\n'));
}
await browser.close(); server.stop();
