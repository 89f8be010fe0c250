import { PoolWithUrgentReserve } from '../../src/db/postgres-pool';
import { asUrgent } from '../../src/db/urgent';
import { postgresAdminUrl, testProvider } from '../helpers/test-database';

// The pool itself, so only where PostgreSQL is the database under test (npm run test:postgres).
const onPostgres = testProvider === 'postgresql' ? describe : describe.skip;

onPostgres('the PostgreSQL pool', () => {
  let pool: PoolWithUrgentReserve;
  beforeEach(() => {
    pool = new PoolWithUrgentReserve({ connectionString: postgresAdminUrl(), max: 2 });
  });
  afterEach(() => pool.end());

  const settled = (promise: Promise<unknown>) => Promise.race([promise.then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 300))]);

  it("answers a webhook's urgent statement while every ordinary connection is busy", async () => {
    const busy = await Promise.all([pool.connect(), pool.connect()]);
    const ordinary = pool.query('SELECT 1 AS n');
    const urgent = asUrgent(() => pool.query('SELECT 2 AS n'));
    try {
      expect(await settled(urgent)).toBe('answered');
      expect(await settled(ordinary)).toBe('still waiting');
    } finally {
      // Released whatever happened, so a failure here fails the test rather than hanging it.
      for (const client of busy) client.release();
    }
    expect((await urgent).rows).toEqual([{ n: 2 }]);
    expect((await ordinary).rows).toEqual([{ n: 1 }]);
  });

  it('gives urgent work an ordinary connection when one is free, keeping the reserve for when none is', async () => {
    const urgent = await asUrgent(() => pool.connect());
    expect(pool.totalCount).toBe(1);
    urgent.release();
  });
});
