import { TurnQueue } from '../../src/bot/turn-queue';

/** A promise the test settles by hand, to hold a task open. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('TurnQueue', () => {
  it('runs one person’s turns one at a time, in the order they arrived', async () => {
    const queue = new TurnQueue();
    const events: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    // Later turns finish faster, so any overlap would show up out of order.
    const turns = [30, 20, 10, 0, 5].map((delayMs, index) =>
      queue.run('sms:+447700900123', async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        events.push(`start ${index}`);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        events.push(`end ${index}`);
        running -= 1;
        return index;
      }),
    );
    expect(await Promise.all(turns)).toEqual([0, 1, 2, 3, 4]);
    expect(mostAtOnce).toBe(1);
    expect(events).toEqual([0, 1, 2, 3, 4].flatMap((index) => [`start ${index}`, `end ${index}`]));
  });

  it('runs different people’s turns at the same time', async () => {
    const queue = new TurnQueue();
    const first = deferred();
    const second = deferred();
    const started: string[] = [];
    const a = queue.run('person-a', async () => (started.push('a'), first.promise));
    const b = queue.run('person-b', async () => (started.push('b'), second.promise));
    await tick();
    expect(started).toEqual(['a', 'b']);
    expect(queue.activeKeys).toBe(2);
    second.resolve();
    await b;
    expect(queue.activeKeys).toBe(1);
    first.resolve();
    await a;
    expect(queue.activeKeys).toBe(0);
  });

  it('lets the next turn run after one fails, and fails only the turn that failed', async () => {
    const queue = new TurnQueue();
    const failing = queue.run('person', async () => {
      throw new Error('the database went away');
    });
    const throwingSynchronously = queue.run('person', () => {
      throw new Error('not even a promise');
    });
    const next = queue.run('person', async () => 'replied');
    await expect(failing).rejects.toThrow('the database went away');
    await expect(throwingSynchronously).rejects.toThrow('not even a promise');
    await expect(next).resolves.toBe('replied');
    expect(queue.activeKeys).toBe(0);
  });

  it('does not start a turn until the one before it has finished, even if it failed', async () => {
    const queue = new TurnQueue();
    const held = deferred();
    const failing = queue.run('person', () => held.promise);
    let nextStarted = false;
    const next = queue.run('person', async () => {
      nextStarted = true;
    });
    await tick();
    expect(nextStarted).toBe(false);
    held.reject(new Error('timed out'));
    await expect(failing).rejects.toThrow('timed out');
    await next;
    expect(nextStarted).toBe(true);
  });

  it('forgets a key as soon as its queue is empty', async () => {
    const queue = new TurnQueue();
    expect(queue.activeKeys).toBe(0);
    const held = deferred();
    const first = queue.run('person', () => held.promise);
    const second = queue.run('person', async () => 'second');
    expect(queue.activeKeys).toBe(1);
    held.resolve();
    await first;
    // The second turn is still queued, so the key is still known.
    expect(queue.activeKeys).toBe(1);
    await second;
    expect(queue.activeKeys).toBe(0);
  });

  it('keeps nothing after many people have each had a turn', async () => {
    const queue = new TurnQueue();
    const turns = Array.from({ length: 50_000 }, (_, index) => queue.run(`person-${index}`, async () => index));
    expect(queue.activeKeys).toBe(50_000);
    const results = await Promise.all(turns);
    expect(results[49_999]).toBe(49_999);
    expect(queue.activeKeys).toBe(0);
  });
});
