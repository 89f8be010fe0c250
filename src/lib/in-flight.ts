/** Work that shutdown must let finish: bot turns, outbox sends. */
export class InFlight {
  private readonly pending = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  }

  get size(): number {
    return this.pending.size;
  }

  /** Resolves true when everything tracked has settled, false if the time ran out first. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const settled = (async () => {
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
      return true as const;
    })();
    const result = await Promise.race([settled, timedOut]);
    clearTimeout(timer);
    return result;
  }
}
