import Database from 'better-sqlite3';
import { Client } from 'pg';
import { applyMigrations, migrationsFolder, readMigrations, MigrationError } from '../../src/db/migrations';
import { openDatabase } from '../../src/db/open-database';
import { createTestDatabaseConfig, testProvider } from '../helpers/test-database';
import { runTsx } from '../helpers/run-script';
import type { DatabaseConfig } from '../../src/config/load-config';

interface MigrationRow {
  migration_name: string;
  checksum: string;
  applied_steps_count: number;
  finished: boolean;
}

async function migrationRows(config: DatabaseConfig): Promise<MigrationRow[]> {
  const sql = 'SELECT migration_name, checksum, applied_steps_count, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY migration_name';
  if (config.provider === 'sqlite') {
    const sqlite = new Database(config.filePath, { readonly: true });
    const rows = sqlite.prepare(sql).all() as Array<Omit<MigrationRow, 'finished'> & { finished: number }>;
    sqlite.close();
    return rows.map((row) => ({ ...row, applied_steps_count: Number(row.applied_steps_count), finished: Boolean(row.finished) }));
  }
  const client = new Client({ connectionString: config.url });
  await client.connect();
  const { rows } = await client.query<MigrationRow>(sql);
  await client.end();
  return rows;
}

describe(`migrations on ${testProvider}`, () => {
  const migrations = readMigrations(migrationsFolder(testProvider));
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  async function freshDatabase() {
    const { config, drop } = await createTestDatabaseConfig();
    cleanups.push(drop);
    return config;
  }

  it('applies every committed migration once, and nothing the second time', async () => {
    const config = await freshDatabase();
    expect(await applyMigrations(config)).toEqual(migrations.map((m) => m.name));
    expect(await applyMigrations(config)).toEqual([]);
    const rows = await migrationRows(config);
    expect(rows).toEqual(migrations.map((m) => ({ migration_name: m.name, checksum: m.checksum, applied_steps_count: 1, finished: true })));
  });

  it("writes the same _prisma_migrations rows as Prisma's own engine, so either can take over", async () => {
    const ours = await freshDatabase();
    const prisma = await freshDatabase();
    await applyMigrations(ours);
    const deployed = await runTsx('tests/helpers/prisma-engine-deploy.ts', [testProvider, prisma.url]);
    expect(deployed.stderr).not.toMatch(/Error/);
    expect(JSON.parse(deployed.stdout)).toEqual(migrations.map((m) => m.name));
    expect(await migrationRows(ours)).toEqual(await migrationRows(prisma));
    // And Prisma's engine, pointed at our database, finds nothing left to do.
    const again = await runTsx('tests/helpers/prisma-engine-deploy.ts', [testProvider, ours.url]);
    expect(JSON.parse(again.stdout)).toEqual([]);
  });

  it('rolls a failing migration back whole, so the database stays usable and a fixed retry succeeds', async () => {
    const config = await freshDatabase();
    const broken = [...migrations, { name: '29990101000000_broken', sql: 'CREATE TABLE "Broken" (id TEXT PRIMARY KEY); SELECT * FROM "NoSuchTable";', checksum: 'x' }];
    await expect(applyMigrations(config, {}, broken)).rejects.toThrow(MigrationError);
    // Rolled back as a whole: the half-made table is gone and a retry succeeds once fixed.
    expect(await applyMigrations(config, {}, migrations)).toEqual([]);
    const { db, close } = openDatabase(config);
    await expect(db.$queryRawUnsafe('SELECT * FROM "Broken"')).rejects.toThrow();
    await close();
  });

  it('refuses to run on a database where an earlier migration failed part-way (as prisma migrate would leave it)', async () => {
    const config = await freshDatabase();
    await applyMigrations(config);
    const { db, close } = openDatabase(config);
    await db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES ('half', 'x', '29990101000000_half', ${config.provider === 'sqlite' ? Date.now() : 'now()'}, 0)`,
    );
    await close();
    await expect(applyMigrations(config)).rejects.toThrow('29990101000000_half failed earlier');
  });

  it('warns when a migration was edited after it was applied', async () => {
    const config = await freshDatabase();
    await applyMigrations(config);
    const warnings: string[] = [];
    const edited = migrations.map((m, i) => (i === 0 ? { ...m, checksum: 'changed' } : m));
    await applyMigrations(config, { warn: (message) => warnings.push(message) }, edited);
    expect(warnings).toEqual([expect.stringContaining('was edited after it was applied')]);
  });
});

describe('the committed migrations', () => {
  it('cover every change in prisma/schema.prisma (npm run db:new-migration -- --check)', async () => {
    const only = testProvider === 'sqlite' ? ['--only=sqlite'] : [];
    const result = await runTsx('scripts/db-new-migration.ts', ['--check', ...only], {
      env: { POSTGRES_ADMIN_URL: process.env.TEST_POSTGRES_URL },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });
});
