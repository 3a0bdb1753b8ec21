import { indexAfter, indexOf } from "./order.js";

/**
 * A map whose keys can be walked in order. Keys that arrive in order are appended; the others wait
 * in a pending list, sorted and merged in at the next ordered walk, so that a bulk insert sorts
 * once rather than shifting the array for every key.
 * @internal
 */
export class SortedMap<K, V> {
  readonly #entries = new Map<K, V>();
  readonly #compare: (a: K, b: K) => number;
  #sorted: K[] = [];
  #pending: K[] = [];

  constructor(compare: (a: K, b: K) => number) {
    this.#compare = compare;
  }

  /** Number of entries. */
  get size(): number {
    return this.#entries.size;
  }

  /** The value under `key`, or `undefined`. */
  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Whether `key` is present. */
  has(key: K): boolean {
    return this.#entries.has(key);
  }

  /** Sets `key` to `value`. */
  set(key: K, value: V): void {
    if (!this.#entries.has(key)) {
      const last = this.#sorted[this.#sorted.length - 1];
      const inOrder =
        this.#pending.length === 0 &&
        (this.#sorted.length === 0 || this.#compare(last as K, key) < 0);
      (inOrder ? this.#sorted : this.#pending).push(key);
    }
    this.#entries.set(key, value);
  }

  /** Removes `key`, if present. */
  delete(key: K): void {
    if (!this.#entries.delete(key)) return;
    const keys = this.#flush();
    keys.splice(indexOf(keys, key, this.#compare), 1);
  }

  /** The greatest key, or `undefined` when empty. */
  lastKey(): K | undefined {
    const keys = this.#flush();
    return keys[keys.length - 1];
  }

  /** Keys in order, from the first one greater than `after` (from the start when `undefined`). */
  *keysAfter(after: K | undefined): Generator<K> {
    const keys = this.#flush();
    const start = after === undefined ? 0 : indexAfter(keys, after, this.#compare);
    for (let i = start; i < keys.length; i++) yield keys[i] as K;
  }

  /** Entries in insertion order (cheap; for copying one map into another). */
  entries(): IterableIterator<[K, V]> {
    return this.#entries.entries();
  }

  #flush(): K[] {
    if (this.#pending.length > 0) {
      this.#pending.sort(this.#compare);
      this.#sorted = mergeSorted(this.#sorted, this.#pending, this.#compare);
      this.#pending = [];
    }
    return this.#sorted;
  }
}

function mergeSorted<K>(a: readonly K[], b: readonly K[], compare: (x: K, y: K) => number): K[] {
  const out: K[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    out[k++] = compare(a[i] as K, b[j] as K) <= 0 ? (a[i++] as K) : (b[j++] as K);
  }
  while (i < a.length) out[k++] = a[i++] as K;
  while (j < b.length) out[k++] = b[j++] as K;
  return out;
}

/**
 * Walks a committed map and a transaction's changes to it as one map, in key order: a change
 * hides the committed entry of the same key, and a `null` (a removal) hides it entirely.
 * @internal
 */
export function* mergedEntries<K, V>(
  base: SortedMap<K, V | null> | undefined,
  overlay: SortedMap<K, V | null> | undefined,
  after: K | undefined,
  compare: (a: K, b: K) => number,
): Generator<[K, V]> {
  const left = base?.keysAfter(after) ?? [][Symbol.iterator]();
  const right = overlay?.keysAfter(after) ?? [][Symbol.iterator]();
  let l = left.next();
  let r = right.next();
  while (!l.done || !r.done) {
    const order = l.done ? 1 : r.done ? -1 : compare(l.value, r.value);
    if (order < 0) {
      const value = base?.get(l.value as K);
      if (value !== null && value !== undefined) yield [l.value as K, value];
      l = left.next();
      continue;
    }
    const key = r.value as K;
    const value = overlay?.get(key);
    if (value !== null && value !== undefined) yield [key, value];
    if (order === 0) l = left.next();
    r = right.next();
  }
}
