/**
 * A tiny seeded PRNG and the few draws the generated suites need. Seeded so that a failure can be replayed: every
 * assertion message prints the seed and the case (see `describeCase`).
 */

export type Rng = () => number;

/** mulberry32: 32-bit state, good enough spread for test data, and a one-liner to reproduce anywhere. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max]. */
export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

/** Shared so huge inputs cost one allocation, not one per case. */
export const HUGE_100K = 'x'.repeat(100_000);

/**
 * A readable, bounded rendering of any generated value for assertion messages: long strings are cut, and the values
 * JSON cannot show (NaN, Infinity, -0, undefined, bigint, symbols, functions, cycles, own `__proto__` keys) are named.
 */
export function describeCase(value: unknown, max = 1500): string {
  const seen = new WeakSet<object>();
  const show = (v: unknown, depth: number): string => {
    if (v === undefined) return 'undefined';
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (typeof v === 'bigint') return `${v}n`;
    if (typeof v === 'symbol') return v.toString();
    if (typeof v === 'function') return '[function]';
    if (typeof v === 'string') {
      const s = v.length > 80 ? `${v.slice(0, 60)}…(${v.length} chars)` : v;
      return JSON.stringify(s);
    }
    if (v === null || typeof v !== 'object') return String(v);
    if (seen.has(v)) return '[cycle]';
    if (depth > 6) return '[deep]';
    seen.add(v);
    if (Array.isArray(v)) return `[${v.map((x) => show(x, depth + 1)).join(', ')}]`;
    const proto = Object.getPrototypeOf(v) as object | null;
    const tag = proto === Object.prototype ? '' : proto === null ? '(null-proto)' : `(${proto.constructor?.name ?? '?'})`;
    const keys = Object.keys(v);
    return `${tag}{${keys.map((k) => `${JSON.stringify(k)}: ${show((v as Record<string, unknown>)[k], depth + 1)}`).join(', ')}}`;
  };
  const text = show(value, 0);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Deep equality for JSON-like data (what request_pay receives), without chai's diff of 100 kB strings. */
export function dataEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && dataEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
