import type { Db } from './client';

export type Readiness = { ready: true } | { ready: false; reason: string };

/** Ready when the database answers and every migration this version knows is applied. */
export async function checkReadiness(db: Db, expectedMigrations: readonly string[]): Promise<Readiness> {
  let applied: Array<{ migration_name: string }>;
  try {
    applied = await db.$queryRawUnsafe<Array<{ migration_name: string }>>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
  } catch {
    return { ready: false, reason: 'database unreachable' };
  }
  const names = new Set(applied.map((row) => row.migration_name));
  const missing = expectedMigrations.filter((name) => !names.has(name));
  return missing.length === 0 ? { ready: true } : { ready: false, reason: `migrations not applied: ${missing.join(', ')}` };
}
