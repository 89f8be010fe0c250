import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import type { DatabaseConfig } from '../../src/config/load-config';
import type { Db } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrations';
import { openDatabase } from '../../src/db/open-database';

// Each test file gets a fresh, migrated database of its own: a temporary SQLite file by default,
// or a uniquely named PostgreSQL database when LANTERN_TEST_DATABASE=postgresql (npm run
// test:postgres). PostgreSQL is reached through TEST_POSTGRES_URL (an admin connection).

export interface TestDatabase {
  db: Db;
  config: DatabaseConfig;
  /** Disconnects and deletes the database. */
  destroy(): Promise<void>;
}

export const testProvider: DatabaseConfig['provider'] =
  process.env.LANTERN_TEST_DATABASE === 'postgresql' ? 'postgresql' : 'sqlite';

export function postgresAdminUrl(): string {
  return process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

export async function createTestDatabaseConfig(): Promise<{ config: DatabaseConfig; drop(): Promise<void> }> {
  const name = `lantern_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (testProvider === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-test-'));
    const filePath = path.join(dir, `${name}.db`);
    return {
      config: { provider: 'sqlite', url: `file:${filePath}`, filePath },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(postgresAdminUrl());
  url.pathname = `/${name}`;
  return {
    config: { provider: 'postgresql', url: url.toString() },
    drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const { config, drop } = await createTestDatabaseConfig();
  await applyMigrations(config);
  const { db, close } = openDatabase(config, { poolSize: 4 });
  return {
    db,
    config,
    destroy: async () => {
      await close();
      await drop();
    },
  };
}

async function withAdmin<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: postgresAdminUrl() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
