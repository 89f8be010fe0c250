/**
 * A lock for async work in one process: first come, first served, except that urgent waiters go
 * before ordinary ones (a webhook that Twilio is waiting on goes before background work).
 */
export class Mutex {
  private held = false;
  private readonly waiting: Array<() => void> = [];
  private readonly urgent: Array<() => void> = [];

  /** Waits for the lock; call the returned function exactly once to release it. */
  acquire(urgent = false): Promise<() => void> {
    return new Promise((resolve) => {
      const grant = () => {
        this.held = true;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.handOver();
        });
      };
      if (!this.held) grant();
      else (urgent ? this.urgent : this.waiting).push(grant);
    });
  }

  async run<T>(work: () => Promise<T>, urgent = false): Promise<T> {
    const release = await this.acquire(urgent);
    try {
      return await work();
    } finally {
      release();
    }
  }

  private handOver(): void {
    const urgent = this.urgent.shift();
    if (urgent) return urgent();
    const next = this.waiting.shift();
    if (!next) {
      this.held = false;
      return;
    }
    // With a synchronous driver, handing the lock on from one promise to the next never gives
    // the event loop a turn: a long queue of background statements would starve the sockets, and
    // a webhook could not even be read until the queue ran dry. Handing over after I/O lets it in.
    setImmediate(() => {
      const first = this.urgent.shift();
      if (first) {
        this.waiting.unshift(next);
        first();
      } else next();
    });
  }
}
