import type BetterSqlite3 from 'better-sqlite3';

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
export function costlyPlanSteps(db: BetterSqlite3.Database, sql: string): string[] {
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
