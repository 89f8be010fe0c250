/** Runs at most `size` pieces of work at once; the rest wait their turn, first come first served. */
export class Limit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`a limit needs a whole number of at least 1, not ${size}`);
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next in line; `active` counts it still.
      if (next) next();
      else this.active--;
    }
  }

  get running(): number {
    return this.active;
  }
}
