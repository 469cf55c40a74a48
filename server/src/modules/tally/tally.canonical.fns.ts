// Canonical JSON: the byte-exact serialisation under which tally snapshots are compared and hashed.
//  - object keys sorted by UTF-16 code unit (Array.prototype.sort's default, never localeCompare,
//    which depends on the ICU build and locale);
//  - numbers in ECMAScript's shortest round-trip form (Number::toString is fully specified, so it
//    is the same on every engine), -0 written as 0, NaN/Infinity rejected;
//  - no whitespace; undefined object members dropped, undefined array items written as null (as JSON.stringify).
// Rounding is not done here: computeTally rounds every computed float with round6 before returning,
// so the result is already stable, and inputs are hashed at full precision.

/** Decimal places kept in every computed number of a tally result. */
export const RESULT_DECIMALS = 6;
const SCALE = 10 ** RESULT_DECIMALS;

/** Round to RESULT_DECIMALS places; also turns -0 into 0 so that it cannot leak into a snapshot. */
export function round6(x: number): number {
  const r = Math.round(x * SCALE) / SCALE;
  return r === 0 ? 0 : r;
}

type Emit = (chunk: string) => void;

/** Deeper nesting is treated as a cycle: tally values are a few levels deep. */
const MAX_DEPTH = 64;

/** Canonical text of a number: shortest round-trip form, -0 as 0; throws on NaN and ±Infinity. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new TypeError(`canonicalJson: non-finite number ${n}`);
  return n === 0 ? '0' : String(n);
}

function sortedKeys(rec: object): string[] {
  const keys = Object.keys(rec);
  // Most objects arrive with sorted keys already (normalised inputs, our results): skip the sort.
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort();
  return keys;
}

function isSkipped(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/** Canonical text of a scalar, or null when `value` is a container to recurse into. */
function scalar(value: unknown): string | null {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return formatNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return null;
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
  }
}

/** Resolves toJSON and rejects what JSON would mangle silently. */
function container(value: object, depth: number): object | string {
  if (depth > MAX_DEPTH) throw new TypeError('canonicalJson: nesting too deep (cyclic structure?)');
  if (value instanceof Map || value instanceof Set)
    throw new TypeError('canonicalJson: Map/Set not supported');
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return toText(toJSON.call(value), depth + 1);
  return value;
}

/**
 * True when JSON.stringify(value) already is the canonical text: plain objects whose own keys
 * enumerate in code-unit order (JSON.stringify follows the same key order as Object.keys, integer-
 * like keys included), plain arrays, finite numbers, no toJSON anywhere. Lets the engine's native
 * serialiser do the bulk of the work for rows built in sorted key order.
 */
function jsonSafe(value: unknown, depth: number): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'number':
      return Number.isFinite(value);
    case 'string':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'function' || typeof v === 'symbol' || !jsonSafe(v, depth + 1)) return false;
    }
    return true;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  const rec = value as Record<string, unknown>;
  let prev: string | null = null;
  for (const k in rec) {
    if (!Object.hasOwn(rec, k)) return false;
    if (prev !== null && prev >= k) return false;
    prev = k;
    const v = rec[k];
    if (typeof v !== 'function' && typeof v !== 'symbol' && !jsonSafe(v, depth + 1)) return false;
  }
  return true;
}

/** Whole canonical text of a value (used below the streaming levels, where values are small). */
function toText(value: unknown, depth: number): string {
  const s = scalar(value);
  if (s !== null) return s;
  if (jsonSafe(value, depth)) return JSON.stringify(value);
  const obj = container(value as object, depth);
  if (typeof obj === 'string') return obj;
  if (Array.isArray(obj) || ArrayBuffer.isView(obj)) {
    const arr = obj as ArrayLike<unknown>;
    let out = '[';
    for (let i = 0; i < arr.length; i++) {
      if (i > 0) out += ',';
      const item = arr[i];
      out += isSkipped(item) ? 'null' : toText(item, depth + 1);
    }
    return `${out}]`;
  }
  const rec = obj as Record<string, unknown>;
  let out = '{';
  let first = true;
  for (const k of sortedKeys(rec)) {
    const v = rec[k];
    if (isSkipped(v)) continue;
    out += first ? '' : ',';
    first = false;
    out += `${JSON.stringify(k)}:${toText(v, depth + 1)}`;
  }
  return `${out}}`;
}

/** Same text as toText, emitted in pieces for the first `streamDepth` levels (big arrays of rows). */
function stream(value: unknown, emit: Emit, depth: number, streamDepth: number): void {
  if (depth >= streamDepth || scalar(value) !== null) {
    emit(toText(value, depth));
    return;
  }
  const obj = container(value as object, depth);
  if (typeof obj === 'string') {
    emit(obj);
    return;
  }
  if (Array.isArray(obj) || ArrayBuffer.isView(obj)) {
    const arr = obj as ArrayLike<unknown>;
    emit('[');
    for (let i = 0; i < arr.length; i++) {
      if (i > 0) emit(',');
      const item = arr[i];
      if (isSkipped(item)) emit('null');
      else stream(item, emit, depth + 1, streamDepth);
    }
    emit(']');
    return;
  }
  const rec = obj as Record<string, unknown>;
  emit('{');
  let first = true;
  for (const k of sortedKeys(rec)) {
    const v = rec[k];
    if (isSkipped(v)) continue;
    if (!first) emit(',');
    first = false;
    emit(`${JSON.stringify(k)}:`);
    stream(v, emit, depth + 1, streamDepth);
  }
  emit('}');
}

/** Chunk size handed to the consumer: large enough to amortise calls, small enough to stay out of the old generation. */
const CHUNK = 1 << 16;

/**
 * Streams the canonical JSON of `value` in chunks of about 64 KiB (used to hash large inputs
 * without materialising one huge string). Top-level containers and their members are walked
 * piecewise; everything deeper is rendered whole.
 */
export function writeCanonicalJson(value: unknown, emit: Emit): void {
  const out = chunker(emit);
  stream(value, out.push, 0, 2);
  out.flush();
}

/**
 * Collects small pieces and hands them on in ~64 KiB chunks. Pieces are joined per chunk: join
 * yields a flat string, whereas `buf += piece` would keep a rope of thousands of tiny strings
 * alive per chunk and drown the garbage collector.
 */
export function chunker(emit: Emit): { push: Emit; flush: () => void } {
  let pieces: string[] = [];
  let size = 0;
  return {
    push: (c) => {
      pieces.push(c);
      size += c.length;
      if (size >= CHUNK) {
        emit(pieces.join(''));
        pieces = [];
        size = 0;
      }
    },
    flush: () => {
      if (size > 0) emit(pieces.join(''));
      pieces = [];
      size = 0;
    },
  };
}

/** Canonical text of any value below the top level (no streaming). */
export function canonicalText(value: unknown): string {
  return toText(value, 0);
}

/** Canonical JSON string of `value` (see the rules at the top of this file). */
export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  writeCanonicalJson(value, (c) => parts.push(c));
  return parts.join('');
}
