import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseConfig } from '../config/load-config';
import type { Db } from './client';
import { PrismaClient as PostgresClient } from './generated/postgresql/client';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { PoolWithUrgentReserve } from './postgres-pool';
import { createSqliteAdapterFactory } from './sqlite-adapter';

export interface Database {
  db: Db;
  provider: DatabaseConfig['provider'];
  close(): Promise<void>;
}

/** Connects to SQLite or PostgreSQL as DATABASE_URL says. Migrate first (applyMigrations). */
export function openDatabase(config: DatabaseConfig, options: { poolSize?: number } = {}): Database {
  const db =
    config.provider === 'sqlite'
      ? new SqliteClient({ adapter: createSqliteAdapterFactory(config.filePath) })
      : // Same schema, other provider: see src/db/client.ts for why this cast holds.
        (new PostgresClient({
          adapter: new PrismaPg(new PoolWithUrgentReserve({ connectionString: config.url, max: options.poolSize ?? 10 }), {
            disposeExternalPool: true,
          }),
        }) as unknown as Db);
  return { db, provider: config.provider, close: () => db.$disconnect() };
}
