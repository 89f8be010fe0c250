// Two messages from one person can arrive within milliseconds (an SMS split in two, a double
// tap). Their turns read and write the same conversation and user state, so they must run one
// after the other, in arrival order; other people's turns need not wait. This orders work
// within one process; across processes the TurnRunner's per-conversation answering lease does.

/**
 * Runs work for one key (a person / conversation) strictly one at a time, in the order
 * submitted; different keys run concurrently. A failure of one task must not block or fail the
 * next. Keys with nothing queued are forgotten (no memory leak with millions of keys).
 */
export class TurnQueue {
  /** The last task queued for each key, settled (never rejecting) so the next can chain on it. */
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    // The arrow also turns a synchronous throw from work() into this task's rejection.
    const result = previous.then(() => work());
    const tail: Promise<void> = result.then(
      () => this.forget(key, tail),
      () => this.forget(key, tail),
    );
    this.tails.set(key, tail);
    // The caller's own `await` is registered after `tail`'s handlers, so by the time it
    // resumes the key is already forgotten if nothing else was queued behind this task.
    return result;
  }

  /** How many keys have work queued or running. */
  get activeKeys(): number {
    return this.tails.size;
  }

  private forget(key: string, tail: Promise<void>): void {
    // Only the newest task for a key may forget it; an older one finishing leaves the queue be.
    if (this.tails.get(key) === tail) this.tails.delete(key);
  }
}
