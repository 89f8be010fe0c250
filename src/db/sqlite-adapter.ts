import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type {
  IsolationLevel,
  SqlDriverAdapter,
  SqlDriverAdapterFactory,
  SqlQuery,
  Transaction,
} from '@prisma/driver-adapter-utils';
import { Mutex } from '../lib/mutex';
import { isUrgent } from './urgent';

// Why this wrapper exists: Prisma's better-sqlite3 adapter shares one connection and only
// serialises transactions against each other. A plain query issued while another turn's
// transaction is open runs *inside* that transaction, and is silently lost if it rolls back.
// Here every statement outside a transaction also waits for the connection, so each write
// commits or fails on its own.

export const SQLITE_CONNECTION_PRAGMAS = [
  'PRAGMA foreign_keys = ON',
  'PRAGMA busy_timeout = 5000',
  // FULL: a message acknowledged to Twilio survives power loss as well as a crash.
  'PRAGMA synchronous = FULL',
].join(';\n');

export function createSqliteAdapterFactory(filePath: string): SqlDriverAdapterFactory {
  // unixepoch-ms: the same timestamp format native Prisma writes, so _prisma_migrations and
  // DateTime columns read the same whichever tool wrote them.
  const inner = new PrismaBetterSqlite3({ url: `file:${filePath}` }, { timestampFormat: 'unixepoch-ms' });
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    async connect() {
      const adapter = await inner.connect();
      await adapter.executeScript(SQLITE_CONNECTION_PRAGMAS);
      return new SerializedSqliteAdapter(adapter);
    },
  };
}

class SerializedSqliteAdapter implements SqlDriverAdapter {
  private readonly connection = new Mutex();
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;

  constructor(private readonly inner: SqlDriverAdapter) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  queryRaw(query: SqlQuery) {
    return this.connection.run(() => this.inner.queryRaw(query), isUrgent());
  }

  executeRaw(query: SqlQuery) {
    return this.connection.run(() => this.inner.executeRaw(query), isUrgent());
  }

  executeScript(script: string) {
    return this.connection.run(() => this.inner.executeScript(script));
  }

  async startTransaction(isolationLevel?: IsolationLevel): Promise<Transaction> {
    const release = await this.connection.acquire(isUrgent());
    try {
      return holdUntilFinished(await this.inner.startTransaction(isolationLevel), release);
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

function holdUntilFinished(transaction: Transaction, release: () => void): Transaction {
  let released = false;
  const finish = async (end: () => Promise<void>) => {
    try {
      await end();
    } finally {
      if (!released) {
        released = true;
        release();
      }
    }
  };
  return {
    provider: transaction.provider,
    adapterName: transaction.adapterName,
    options: transaction.options,
    queryRaw: (query) => transaction.queryRaw(query),
    executeRaw: (query) => transaction.executeRaw(query),
    createSavepoint: transaction.createSavepoint?.bind(transaction),
    rollbackToSavepoint: transaction.rollbackToSavepoint?.bind(transaction),
    releaseSavepoint: transaction.releaseSavepoint?.bind(transaction),
    commit: () => finish(() => transaction.commit()),
    rollback: () => finish(() => transaction.rollback()),
  };
}
