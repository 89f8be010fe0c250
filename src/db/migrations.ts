import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Client } from 'pg';
import type { DatabaseConfig } from '../config/load-config';
import { projectRoot } from '../lib/project-root';

// Applies the committed migrations at start-up, writing the same `_prisma_migrations` rows as
// `prisma migrate deploy` (same table, names and checksums), so Prisma's own tools can take over.
// Why not Prisma's engine: its native binary cannot be downloaded here and the WebAssembly one
// is 10 MB of start-up work; it is used only to *create* migrations (scripts/db-new-migration.ts).

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationEvents {
  applied?(name: string): void;
  warn?(message: string): void;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

// Prisma's own advisory lock key, so this runner and `prisma migrate` never run at once.
const PRISMA_MIGRATE_LOCK = 72707369;

export function migrationsFolder(provider: DatabaseConfig['provider']): string {
  const relative = provider === 'sqlite' ? 'prisma/migrations' : 'prisma/postgresql/migrations';
  return path.join(projectRoot(), relative);
}

export function readMigrations(folder: string): Migration[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(folder, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function applyMigrations(
  database: DatabaseConfig,
  events: MigrationEvents = {},
  migrations = readMigrations(migrationsFolder(database.provider)),
): Promise<string[]> {
  return database.provider === 'sqlite'
    ? applySqlite(database.filePath, migrations, events)
    : applyPostgres(database.url, migrations, events);
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

function planMigrations(migrations: Migration[], rows: AppliedRow[], events: MigrationEvents): Migration[] {
  const live = rows.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} failed earlier and left the database part-way; fix it by hand, then mark it rolled back in _prisma_migrations`,
    );
  }
  const applied = new Map(live.map((row) => [row.migration_name, row.checksum]));
  for (const migration of migrations) {
    const checksum = applied.get(migration.name);
    if (checksum && checksum !== migration.checksum) {
      events.warn?.(`Migration ${migration.name} was edited after it was applied; the database keeps the old version`);
    }
  }
  const known = new Set(migrations.map((migration) => migration.name));
  for (const name of applied.keys()) {
    if (!known.has(name)) events.warn?.(`The database has migration ${name}, which this version of Lantern does not know`);
  }
  return migrations.filter((migration) => !applied.has(migration.name));
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

function applySqlite(filePath: string, migrations: Migration[], events: MigrationEvents): string[] {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  const sqlite = new Database(filePath, { timeout: 5000 });
  try {
    // WAL is a property of the file: set once here, every later connection uses it.
    sqlite.pragma('journal_mode = WAL');
    sqlite.exec(SQLITE_TABLE);
    const rows = sqlite.prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations').all() as AppliedRow[];
    const pending = planMigrations(migrations, rows, events);
    for (const migration of pending) {
      applyOneSqlite(sqlite, migration);
      events.applied?.(migration.name);
    }
    return pending.map((migration) => migration.name);
  } finally {
    sqlite.close();
  }
}

function applyOneSqlite(sqlite: Database.Database, migration: Migration): void {
  const id = randomUUID();
  const record = () =>
    sqlite
      .prepare('INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)')
      .run(id, migration.checksum, migration.name, Date.now());
  const finish = () =>
    sqlite.prepare('UPDATE _prisma_migrations SET finished_at = ?, applied_steps_count = 1 WHERE id = ?').run(Date.now(), id);

  // Prisma's table-rebuilding migrations switch foreign keys off, which SQLite ignores inside a
  // transaction; there the DROP TABLE would cascade-delete rows. Run those exactly as Prisma does.
  if (/PRAGMA\s+foreign_keys/i.test(migration.sql)) {
    record();
    try {
      sqlite.exec(migration.sql);
    } catch (error) {
      sqlite.prepare('UPDATE _prisma_migrations SET logs = ? WHERE id = ?').run(String(error), id);
      throw new MigrationError(`Migration ${migration.name} failed: ${String(error)}`);
    }
    finish();
    return;
  }
  sqlite.exec('BEGIN IMMEDIATE');
  try {
    record();
    sqlite.exec(migration.sql);
    finish();
    sqlite.exec('COMMIT');
  } catch (error) {
    sqlite.exec('ROLLBACK');
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${String(error)}`);
  }
}

const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

async function applyPostgres(url: string, migrations: Migration[], events: MigrationEvents): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Several Lantern instances may start together against one database: one migrates.
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    await client.query(POSTGRES_TABLE);
    const { rows } = await client.query<AppliedRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations');
    const pending = planMigrations(migrations, rows, events);
    for (const migration of pending) {
      await applyOnePostgres(client, migration);
      events.applied?.(migration.name);
    }
    return pending.map((migration) => migration.name);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => undefined);
    await client.end();
  }
}

async function applyOnePostgres(client: Client, migration: Migration): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query('INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)', [
      id,
      migration.checksum,
      migration.name,
    ]);
    // No parameters: pg uses the simple query protocol, which runs a multi-statement script.
    await client.query(migration.sql);
    await client.query('UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${String(error)}`);
  }
}
