import BetterSqlite3 from 'better-sqlite3';
import { startSmsService } from '../helpers/sms-service';
import { watchSqliteStatements } from '../helpers/sqlite-statements';
import { testProvider } from '../helpers/test-database';

const onSqlite = testProvider === 'sqlite' ? describe : describe.skip;

// Tables that stay small whatever the number of people: reading one whole costs nothing.
const SMALL_TABLES = new Set(['Organisation', 'Practice', 'Staff']);
// Columns with a handful of values: an index search on these alone still reads a share of the table.
const FEW_VALUES = new Set(['channel', 'status', 'direction', 'author', 'handoffState', 'category', 'source']);

/**
 * The steps of a statement's plan that read a growing table whole, or a share of it through an
 * index on a column of few values (as the turn's address lookup once did, through
 * (channel, address)). Sorting one person's rows is fine. SQLite runs without ANALYZE here, as in
 * production, so its plans are the same on a small database as on one with a million messages.
 */
function costlySteps(db: BetterSqlite3.Database, sql: string): string[] {
  // The plan's shape does not depend on the values, so every parameter is bound as NULL.
  const params = (sql.match(/\?/g) ?? []).map(() => null);
  const steps = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((row) => row.detail);
  return steps.filter((step) => {
    const scan = /^SCAN (?:main\.)?(\w+)(.*)$/.exec(step);
    if (scan) {
      const [, table = '', how = ''] = scan;
      if (SMALL_TABLES.has(table) || table === 'sub' || table === 'json_each' || table === 'CONSTANT') return false;
      // An index walked in order under a LIMIT reads only that many rows (the intake's oldest receipts).
      return !(/USING (COVERING )?INDEX/.test(how) && /ORDER BY/.test(sql) && /LIMIT/.test(sql));
    }
    const search = /^SEARCH (?:main\.)?\w+ USING .*\((.*)\)$/.exec(step);
    const columns = (search?.[1] ?? '').split(' AND ').map((constraint) => constraint.replace(/[=<>].*$/, '').trim());
    return search !== null && columns.every((column) => FEW_VALUES.has(column));
  });
}

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
      const costly = statements.flatMap((sql) => costlySteps(db, sql).map((step) => `${step}  <=  ${sql.slice(0, 200)}`));
      expect(costly).toEqual([]);
    } finally {
      db.close();
    }
  });
});
