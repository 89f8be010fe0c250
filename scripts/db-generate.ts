// Derives the PostgreSQL schema from the one source schema (prisma/schema.prisma, SQLite) and
// generates a Prisma client for each. Runs after `npm install`; run it again after editing the
// schema (`npm run db:generate`). Prisma's native schema engine cannot be downloaded here, and
// `generate` does not need it, so it is pointed at /bin/true.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { derivePostgresSchema, SCHEMA_PATHS } from './prisma-schemas';

const root = path.resolve(__dirname, '..');
const source = fs.readFileSync(path.join(root, SCHEMA_PATHS.sqlite), 'utf8');
const derived = derivePostgresSchema(source);
const target = path.join(root, SCHEMA_PATHS.postgresql);
fs.mkdirSync(path.dirname(target), { recursive: true });
if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== derived) fs.writeFileSync(target, derived);

const prismaCli = require.resolve('prisma/build/index.js', { paths: [root] });
for (const schema of [SCHEMA_PATHS.sqlite, SCHEMA_PATHS.postgresql]) {
  execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schema], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/true', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
}
console.log('Prisma clients generated for SQLite and PostgreSQL.');
