import BetterSqlite3 from 'better-sqlite3';

type Run = (...args: unknown[]) => unknown;

/**
 * Records the SQL of every statement better-sqlite3 runs in this process, in order, until
 * stopped: what the service really sent, after Prisma and the driver adapter.
 */
export function watchSqliteStatements(): { statements: string[]; stop(): void } {
  const probe = new BetterSqlite3(':memory:');
  const statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<'run' | 'all' | 'get', Run>;
  probe.close();
  const originals = { run: statementPrototype.run, all: statementPrototype.all, get: statementPrototype.get };
  const statements: string[] = [];
  for (const method of ['run', 'all', 'get'] as const) {
    const original = originals[method];
    statementPrototype[method] = function watched(this: { source: string }, ...args: unknown[]) {
      const result = original.apply(this, args);
      statements.push(this.source.trim());
      return result;
    };
  }
  return { statements, stop: () => Object.assign(statementPrototype, originals) };
}
