// `npm run db:new-migration -- <name>`: after editing prisma/schema.prisma, writes the migration
// for SQLite and for PostgreSQL (same folder name in both). `--check` writes nothing and fails if
// the schema has changes no migration covers (CI runs it).
// PostgreSQL diffs need a server for the shadow replay: POSTGRES_ADMIN_URL, default
// postgresql://postgres@127.0.0.1:5432/postgres.
import path from 'node:path';
import { derivePostgresSchema, MIGRATION_FOLDERS, SCHEMA_PATHS } from './prisma-schemas';
import { diffMigrationsToSchema, loadSchemaEngine, writeMigration, type Connector } from './schema-engine';
import fs from 'node:fs';

const root = path.resolve(__dirname, '..');

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const only = args.find((arg) => arg.startsWith('--only='))?.slice('--only='.length) as Connector | undefined;
  const name = args.find((arg) => !arg.startsWith('--'));
  if (!check && !name) throw new Error('usage: npm run db:new-migration -- <name>   (or --check)');

  fs.writeFileSync(path.join(root, SCHEMA_PATHS.postgresql), derivePostgresSchema(fs.readFileSync(path.join(root, SCHEMA_PATHS.sqlite), 'utf8')));
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dirName = `${stamp}_${(name ?? '').replace(/[^A-Za-z0-9_]/g, '_')}`;
  let outOfDate = false;
  for (const connector of ['sqlite', 'postgresql'] as const) {
    if (only && only !== connector) continue;
    const schemaPath = path.join(root, SCHEMA_PATHS[connector]);
    const folder = path.join(root, MIGRATION_FOLDERS[connector]);
    const engine = await loadSchemaEngine(schemaPath, connector, process.env.POSTGRES_ADMIN_URL);
    const sql = await diffMigrationsToSchema(engine, schemaPath, folder, connector);
    engine.free?.();
    if (!sql) {
      console.log(`${connector}: migrations match the schema`);
    } else if (check) {
      outOfDate = true;
      console.error(`${connector}: the schema has changes no migration covers; run npm run db:new-migration -- <name>\n${sql}`);
    } else {
      writeMigration(folder, connector, dirName, sql);
      console.log(`${connector}: wrote ${path.relative(root, path.join(folder, dirName, 'migration.sql'))}`);
    }
  }
  // adapter-pg's pool would keep the process alive for its idle timeout.
  process.exit(outOfDate ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
