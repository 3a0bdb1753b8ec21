/**
 * A map that keeps the most recently used entries only: the per-file caches of parsed registers,
 * snapshots and sidecar files stay bounded however many tenants a process serves.
 * @internal
 */
export class RecentMap<TValue> {
  readonly #entries = new Map<string, TValue>();

  constructor(readonly capacity = 64) {}

  get(key: string): TValue | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      // Map order is insertion order: moving the entry to the end marks it as recently used.
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: TValue): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }
}
