/**
 * A first-come, first-served async lock: `run` starts a task once every task queued before it
 * has settled.
 * @internal
 */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` alone; its result (or error) is the returned promise's. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.#tail.then(task);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
