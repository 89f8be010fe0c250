import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { DriverAdapterError } from '@prisma/driver-adapter-utils';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { Mutex } from '../lib/mutex';
import { isReplayable } from './durability';
import { isUrgent } from './urgent';

// Why this wrapper exists: Prisma's better-sqlite3 adapter shares one connection and only
// serialises transactions against each other. A plain query issued while another turn's
// transaction is open runs *inside* that transaction, and is silently lost if it rolls back.
// Here every statement outside a transaction also waits for the connection, so each write
// commits or fails on its own.

// busy_timeout is 0 because better-sqlite3 would wait it out synchronously, freezing every socket
// of the server while another process (a backup, the CLI) holds the write lock; Lantern waits
// for the lock itself, asynchronously (whileBusy).
export const SQLITE_CONNECTION_PRAGMAS = [
  'PRAGMA foreign_keys = ON',
  'PRAGMA busy_timeout = 0',
  // FULL: a message acknowledged to Twilio survives power loss as well as a crash. Replayable
  // work commits with NORMAL instead (see durability.ts and SerializedSqliteAdapter).
  'PRAGMA synchronous = FULL',
].join(';\n');

/** How long a statement waits for another process to let go of the write lock before it fails. */
export const SQLITE_BUSY_WAIT_MS = 5_000;

export function createSqliteAdapterFactory(filePath: string): SqlDriverAdapterFactory {
  // unixepoch-ms: the same timestamp format native Prisma writes, so _prisma_migrations and
  // DateTime columns read the same whichever tool wrote them.
  const inner = new PrismaBetterSqlite3({ url: `file:${filePath}` }, { timestampFormat: 'unixepoch-ms' });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      reusePreparedStatements(adapter);
      await adapter.executeScript(SQLITE_CONNECTION_PRAGMAS);
      return new SerializedSqliteAdapter(adapter);
    },
  };
}

/** How many distinct statements stay prepared; Prisma's SQL differs only by the length of IN lists, so few are in use. */
const PREPARED_STATEMENTS_KEPT = 500;

/**
 * Prisma's adapter prepares every statement afresh, which costs about a tenth of the server's
 * CPU under load. Here the connection keeps its prepared statements and reuses them: each use
 * passes its parameters to the cached statement instead of binding them to it for good.
 */
function reusePreparedStatements(adapter: SqlDriverAdapter): void {
  const client = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
  if (!client || typeof client.prepare !== 'function') {
    throw new Error("@prisma/adapter-better-sqlite3 no longer exposes its connection as .client; update reusePreparedStatements in src/db/sqlite-adapter.ts");
  }
  const prepare = client.prepare.bind(client);
  const kept = new Map<string, BetterSqlite3.Statement>();
  // A statement's columns never change, and reading them is not free.
  const columns = new WeakMap<BetterSqlite3.Statement, BetterSqlite3.ColumnDefinition[]>();
  const columnsOf = (statement: BetterSqlite3.Statement) => {
    let known = columns.get(statement);
    if (!known) columns.set(statement, (known = statement.columns()));
    return known;
  };
  const statementFor = (sql: string) => {
    let statement = kept.get(sql);
    if (statement) {
      // Most recently used last, so the first is the one to drop.
      kept.delete(sql);
    } else {
      statement = prepare(sql);
      if (kept.size >= PREPARED_STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
    }
    kept.set(sql, statement);
    return statement;
  };
  // Exactly the calls the adapter makes: prepare(sql).run(), or prepare(sql).bind(args) then run(), or columns() and raw().all().
  (client as { prepare: unknown }).prepare = (sql: string) => {
    const statement = statementFor(sql);
    return {
      run: () => statement.run(),
      bind: (args: unknown[]) => ({
        reader: statement.reader,
        run: () => statement.run(args),
        columns: () => columnsOf(statement),
        raw: () => ({ all: () => statement.raw(true).all(args) }),
      }),
    };
  };
}

type Synchronous = 'FULL' | 'NORMAL';

class SerializedSqliteAdapter implements SqlDriverAdapter {
  private readonly connection = new Mutex();
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;
  private synchronous: Synchronous = 'FULL';

  constructor(private readonly inner: SqlDriverAdapter) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  // A statement outside a transaction that fails with SQLITE_BUSY has done nothing, so it is safe to repeat.
  queryRaw(query: SqlQuery) {
    const sync = syncFor();
    return this.connection.run(() => whileBusy(async () => {
      await this.syncCommits(sync);
      return this.inner.queryRaw(query);
    }), isUrgent());
  }

  executeRaw(query: SqlQuery) {
    const sync = syncFor();
    return this.connection.run(() => whileBusy(async () => {
      await this.syncCommits(sync);
      return this.inner.executeRaw(query);
    }), isUrgent());
  }

  /**
   * With the connection held: how the next commit meets the disk. Each fsync blocks the one
   * JavaScript thread (better-sqlite3 is synchronous), so replayable work skips it; the next
   * FULL commit's sync of the log takes its commits to disk as well.
   */
  private async syncCommits(sync: Synchronous): Promise<void> {
    if (sync === this.synchronous) return;
    await this.inner.executeRaw(statement(`PRAGMA synchronous = ${sync}`));
    this.synchronous = sync;
  }

  executeScript(script: string) {
    return this.connection.run(() => this.inner.executeScript(script));
  }

  // BEGIN IMMEDIATE takes the write lock at the start, the one place where waiting for it is
  // safe: a deferred transaction that met the lock half way through could only roll back.
  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== 'SERIALIZABLE') {
      throw new DriverAdapterError({ kind: 'InvalidIsolationLevel', level: isolationLevel });
    }
    const sync = syncFor();
    const release = await this.connection.acquire(isUrgent());
    try {
      await this.syncCommits(sync);
      await whileBusy(() => this.inner.executeRaw(statement('BEGIN IMMEDIATE')));
      return new SqliteTransaction(this.inner, release);
    } catch (error) {
      release();
      throw error;
    }
  }

  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: false };
  }

  dispose() {
    return this.inner.dispose();
  }
}

/**
 * A transaction on the shared connection, which it holds until Prisma commits or rolls back.
 * Prisma sends COMMIT and ROLLBACK as statements, then calls commit() or rollback(); if COMMIT
 * failed it calls only rollback(), so that ends any transaction still open rather than leave
 * the next caller's statements inside it.
 */
class SqliteTransaction implements Transaction {
  readonly options = { usePhantomQuery: false };
  readonly provider: Transaction['provider'];
  readonly adapterName: string;
  private open = true;

  constructor(private readonly connection: SqlDriverAdapter, private readonly release: () => void) {
    this.provider = connection.provider;
    this.adapterName = connection.adapterName;
  }

  queryRaw(query: SqlQuery) {
    return this.connection.queryRaw(query);
  }

  async executeRaw(query: SqlQuery) {
    const ending = /^\s*(COMMIT|ROLLBACK)\s*;?\s*$/i.test(query.sql);
    // The write lock is already held, so only COMMIT can still meet a busy database (readers
    // in rollback-journal mode), and a COMMIT that fails leaves the transaction open to retry.
    const changes = ending ? await whileBusy(() => this.connection.executeRaw(query)) : await this.connection.executeRaw(query);
    if (ending) this.open = false;
    return changes;
  }

  async createSavepoint(name: string) {
    await this.connection.executeRaw(statement(`SAVEPOINT ${name}`));
  }

  async rollbackToSavepoint(name: string) {
    await this.connection.executeRaw(statement(`ROLLBACK TO ${name}`));
  }

  async releaseSavepoint(name: string) {
    await this.connection.executeRaw(statement(`RELEASE SAVEPOINT ${name}`));
  }

  commit() {
    return this.finish();
  }

  rollback() {
    return this.finish();
  }

  private async finish() {
    try {
      if (this.open) await this.connection.executeRaw(statement('ROLLBACK')).catch(() => undefined);
    } finally {
      this.open = false;
      this.release();
    }
  }
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/** Read in the caller's async context, before waiting for the connection. */
const syncFor = (): Synchronous => (isReplayable() ? 'NORMAL' : 'FULL');

/** Repeats work that failed only because another process holds the lock, with growing pauses, for up to SQLITE_BUSY_WAIT_MS. */
async function whileBusy<T>(work: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + SQLITE_BUSY_WAIT_MS;
  for (let pause = 2; ; pause = Math.min(pause * 2, 100)) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || Date.now() + pause > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

function isBusy(error: unknown): boolean {
  // By name, as Prisma itself checks: the adapter may bring its own copy of the error class.
  if (!(error instanceof Error) || error.name !== 'DriverAdapterError') return false;
  const cause = error.cause as { originalCode?: unknown } | undefined;
  return String(cause?.originalCode ?? '').startsWith('SQLITE_BUSY');
}
