import { Mutex } from '../../src/lib/mutex';
import { Limit } from '../../src/lib/limit';

describe('the connection lock', () => {
  it('lets one holder in at a time, first come first served', async () => {
    const lock = new Mutex();
    const order: string[] = [];
    const hold = (name: string) => lock.run(async () => {
      order.push(`${name} in`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(`${name} out`);
    });
    await Promise.all([hold('a'), hold('b'), hold('c')]);
    expect(order).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
  });

  it('lets urgent work go before waiting background work, never before the holder lets go', async () => {
    const lock = new Mutex();
    const order: string[] = [];
    const release = await lock.acquire();
    const background = lock.run(async () => void order.push('background'));
    const urgent = lock.run(async () => void order.push('urgent'), true);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual([]);
    release();
    await Promise.all([background, urgent]);
    expect(order).toEqual(['urgent', 'background']);
  });

  it('ignores a second release, and passes a failure to the caller without keeping the lock', async () => {
    const lock = new Mutex();
    const release = await lock.acquire();
    release();
    release();
    await expect(lock.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    await expect(lock.run(async () => 'free')).resolves.toBe('free');
  });
});

describe('a limit on work at once', () => {
  it('runs no more than its size at once, and the rest in the order they came', async () => {
    const limit = new Limit(2);
    let running = 0;
    let most = 0;
    const finished: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        limit.run(async () => {
          running++;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 3));
          running--;
          finished.push(i);
        }),
      ),
    );
    expect(most).toBe(2);
    expect(finished).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(limit.running).toBe(0);
  });

  it('frees the slot when work fails', async () => {
    const limit = new Limit(1);
    await expect(limit.run(async () => { throw new Error('no'); })).rejects.toThrow('no');
    await expect(limit.run(async () => 'yes')).resolves.toBe('yes');
  });
});

describe('the connection lock and the event loop', () => {
  it('lets pending I/O run between background holders, so a long queue cannot starve sockets', async () => {
    const lock = new Mutex();
    const order: string[] = [];
    const release = await lock.acquire();
    const queued = Array.from({ length: 3 }, (_, i) => lock.run(async () => void order.push(`statement ${i}`)));
    setImmediate(() => order.push('socket read'));
    release();
    await Promise.all(queued);
    expect(order.indexOf('socket read')).toBeLessThan(order.indexOf('statement 1'));
  });
});
