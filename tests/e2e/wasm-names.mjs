// Names of the wasm's functions, for the traces: V8's compile events give function indexes.
import { readFileSync } from 'node:fs';

/** Function index → name, from the wasm's `name` custom section (empty without one). */
export function wasmNames(file) {
  const b = readFileSync(file);
  const leb = (i) => {
    let r = 0; let shift = 0; let x;
    do { x = b[i++]; r += (x & 0x7f) * 2 ** shift; shift += 7; } while (x & 0x80);
    return [r, i];
  };
  const names = new Map();
  let i = 8;
  while (i < b.length) {
    const id = b[i++];
    let size; [size, i] = leb(i);
    const end = i + size;
    if (id === 0) {
      let n; let j; [n, j] = leb(i);
      if (b.toString('utf8', j, j + n) === 'name') {
        j += n;
        while (j < end) {
          const sub = b[j++];
          let subSize; [subSize, j] = leb(j);
          if (sub === 1) {
            let count; let k; [count, k] = leb(j);
            for (let f = 0; f < count; f++) {
              let index; let len; [index, k] = leb(k); [len, k] = leb(k);
              names.set(index, b.toString('utf8', k, k + len)); k += len;
            }
          }
          j += subSize;
        }
      }
    }
    i = end;
  }
  return names;
}
// `<app[5c39…]::views::x as …>::f` → `app`; `<&mut T as …>` → T's crate; a primitive (`f64`)
// stays as it is.
export const crateOf = (name) => (name?.replace(/^([<(&\s]|mut |dyn )+/, '').match(/^[A-Za-z_][A-Za-z0-9_]*/) || ['(no name)'])[0];

/**
 * Adds up V8's `wasm.CompileLazy` events by crate into `into` (crate → { n, bytes, ms }):
 * functions compiled on first call, their bytes (from `bytes`, function index → body size, when
 * the trace has them) and the time compiling them.
 */
export function compiledByCrate(lazyEvents, names, bytes = new Map(), into = new Map()) {
  for (const e of lazyEvents) {
    const crate = crateOf(names.get(e.args.func_index));
    const c = into.get(crate) || { n: 0, bytes: 0, ms: 0 };
    c.n++;
    c.bytes += bytes.get(e.args.func_index) || 0;
    c.ms += (e.dur ?? 0) / 1000;
    into.set(crate, c);
  }
  return into;
}
