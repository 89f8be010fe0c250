// The one source schema and the PostgreSQL schema derived from it (see docs/decisions.md).
export const SCHEMA_PATHS = {
  sqlite: 'prisma/schema.prisma',
  postgresql: 'prisma/postgresql/schema.prisma',
} as const;

export const MIGRATION_FOLDERS = {
  sqlite: 'prisma/migrations',
  postgresql: 'prisma/postgresql/migrations',
} as const;

const HEADER = '// GENERATED from prisma/schema.prisma by `npm run db:generate`. Do not edit; edit the source.\n';

export function derivePostgresSchema(source: string): string {
  const swapped = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/src\/db\/generated\/sqlite"/, 'output       = "../../src/db/generated/postgresql"');
  if (!swapped.includes('"postgresql"') || !swapped.includes('generated/postgresql')) {
    throw new Error('prisma/schema.prisma: could not find the sqlite provider and client output to swap');
  }
  return HEADER + swapped;
}
