/** Gives out at most `max` concurrent slots per host, queueing the rest in arrival order. @internal */
export interface HostLimiter {
  /** Waits for a slot on `host`; resolves with the function that gives it back. */
  acquire(host: string, signal: AbortSignal): Promise<() => void>;
}

/** A {@link HostLimiter} with `max` slots per host. @internal */
export function createHostLimiter(max: number): HostLimiter {
  const active = new Map<string, number>();
  const queues = new Map<string, (() => void)[]>();

  const release = (host: string) => {
    const next = queues.get(host)?.shift();
    if (next) {
      next();
      return;
    }
    queues.delete(host);
    const count = (active.get(host) ?? 1) - 1;
    if (count <= 0) active.delete(host);
    else active.set(host, count);
  };

  const releaser = (host: string) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release(host);
    };
  };

  return {
    acquire(host, signal) {
      signal.throwIfAborted();
      const count = active.get(host) ?? 0;
      if (count < max) {
        active.set(host, count + 1);
        return Promise.resolve(releaser(host));
      }
      return new Promise((resolve, reject) => {
        const queue = queues.get(host) ?? [];
        queues.set(host, queue);
        // A queued waiter inherits the slot of the request that finished: `active` is unchanged.
        const grant = () => {
          signal.removeEventListener("abort", onAbort);
          resolve(releaser(host));
        };
        const onAbort = () => {
          const index = queue.indexOf(grant);
          if (index >= 0) queue.splice(index, 1);
          reject(signal.reason);
        };
        queue.push(grant);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
