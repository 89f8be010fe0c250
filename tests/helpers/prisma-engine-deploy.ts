// Child-process entry (the wasm engine is an ES module jest cannot load): applies the committed
// migrations with Prisma's own engine. Usage: tsx prisma-engine-deploy.ts <sqlite|postgresql> <url>
import path from 'node:path';
import { MIGRATION_FOLDERS, SCHEMA_PATHS } from '../../scripts/prisma-schemas';
import { deployWithPrismaEngine, type Connector } from '../../scripts/schema-engine';

const root = path.resolve(__dirname, '../..');
const [connector, url] = process.argv.slice(2) as [Connector, string];
deployWithPrismaEngine(path.join(root, SCHEMA_PATHS[connector]), path.join(root, MIGRATION_FOLDERS[connector]), connector, url)
  .then((applied) => {
    console.log(JSON.stringify(applied));
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
