import BetterSqlite3 from 'better-sqlite3';
import { startSmsService } from '../helpers/sms-service';
import { costlyPlanSteps } from '../helpers/sqlite-plans';
import { watchSqliteStatements } from '../helpers/sqlite-statements';
import { testProvider } from '../helpers/test-database';

const onSqlite = testProvider === 'sqlite' ? describe : describe.skip;

onSqlite('the SMS path at any size (SQLite query plans)', () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  beforeAll(async () => {
    sms = await startSmsService();
  });
  afterAll(() => sms.stop());

  it('reads no growing table whole and sorts none, from the first text to a coach taking over', async () => {
    const watch = watchSqliteStatements();
    const phone = sms.nextPhone();
    try {
      for (const text of ['hello', 'skip', 'I love gardening', 'feeling a bit better today', 'pause for 2 weeks', "I'm back", 'can I talk to someone please', 'thank you']) {
        expect((await sms.say(phone, text)).status).toBe(200);
        await sms.settle();
      }
    } finally {
      watch.stop();
    }
    expect(sms.sentTo(phone).length).toBeGreaterThan(5);
    expect(await sms.db().handoff.count({ where: { person: { phone } } })).toBe(1);
    const filePath = sms.database.config.provider === 'sqlite' ? sms.database.config.filePath : '';
    const db = new BetterSqlite3(filePath, { readonly: true });
    try {
      const statements = [...new Set(watch.statements)]
        .filter((sql) => /^(SELECT|UPDATE|DELETE)/i.test(sql))
        // The test's own wait for an empty outbox (settle), not the service's.
        .filter((sql) => !/^SELECT COUNT\(\*\) .* FROM `main`\.`OutboxEntry` WHERE 1=1/.test(sql));
      expect(statements.length).toBeGreaterThan(20);
      const costly = statements.flatMap((sql) => costlyPlanSteps(db, sql).map((step) => `${step}  <=  ${sql.slice(0, 200)}`));
      expect(costly).toEqual([]);
    } finally {
      db.close();
    }
  });
});
