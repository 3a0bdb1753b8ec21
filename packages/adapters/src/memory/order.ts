/**
 * Compares two strings by Unicode code point, the order of a binary collation over UTF-8 (SQLite's
 * `BINARY`, Postgres `COLLATE "C"`, MySQL `utf8mb4_bin`). Plain `<` compares UTF-16 code units,
 * which puts U+10000 and above before U+E000–U+FFFF; this does not.
 * @example
 * ["ｚ", "😀", "a"].sort(compareCodePoints); // ["a", "ｚ", "😀"]
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (U+D800–U+DFFF) start code points above U+FFFF: rank them after U+E000–U+FFFF. */
function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/** Compares two numbers, ascending. @internal */
export function compareNumbers(a: number, b: number): number {
  return a - b;
}

/** Index of the first element of sorted `items` greater than `key` (`items.length` when none). @internal */
export function indexAfter<K>(
  items: readonly K[],
  key: K,
  compare: (a: K, b: K) => number,
): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(items[middle] as K, key) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Index of the first element of sorted `items` not less than `key`. @internal */
export function indexOf<K>(items: readonly K[], key: K, compare: (a: K, b: K) => number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(items[middle] as K, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}
