// Development tooling: Prisma's schema engine, compiled to WebAssembly, driven through a driver
// adapter (the native engine cannot be downloaded here; see ../shared/NOTES-env.md). Used to
// *create* migration SQL by diffing the committed migrations against the schema; the server applies
// migrations with its own small runner (src/db/migrations.ts).
import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

export type Connector = 'sqlite' | 'postgresql';

// The engine's API is untyped JSON-RPC; this is the slice we use.
export interface SchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout?: string }>;
  free?(): void;
}

type PgConfig = { host: string; port: number; user: string; password?: string; database: string };

export function pgConfigFromUrl(url: string): PgConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

// The bindings module is shared, so the wasm is instantiated once per process; a second
// instantiation corrupts the first.
let bindingsLoaded: Promise<any> | undefined;

async function loadBindings(): Promise<any> {
  const bindings: any = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
  const instance = await WebAssembly.instantiate(await WebAssembly.compile(fs.readFileSync(wasmPath)), {
    './schema_engine_bg.js': bindings,
  });
  // Where the engine reports a Rust panic's message before throwing.
  (globalThis as any).PRISMA_WASM_PANIC_REGISTRY ??= { set_message: (message: string) => console.error('[schema-engine panic]', message) };
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
  return bindings;
}

export async function loadSchemaEngine(schemaPath: string, connector: Connector, postgresUrl?: string): Promise<SchemaEngine> {
  const bindings = await (bindingsLoaded ??= loadBindings());

  const factory: any =
    connector === 'postgresql'
      ? postgresFactory(pgConfigFromUrl(postgresUrl ?? 'postgresql://postgres@127.0.0.1:5432/postgres'))
      : new PrismaBetterSqlite3({ url: ':memory:' }, { timestampFormat: 'unixepoch-ms' });
  replayScriptsWhole(factory);
  return bindings.SchemaEngine.new(
    { datamodels: [[schemaPath, fs.readFileSync(schemaPath, 'utf8')]] },
    (message: string) => process.env.DEBUG_SCHEMA_ENGINE && console.error('[schema-engine]', message),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}

function postgresFactory(config: PgConfig) {
  // Never pass { connectionString }: pg lets it override `database`, and the "shadow" replay
  // would then run against the real database.
  const factory: any = new PrismaPg(config);
  // adapter-pg drops the shadow database before closing its pool, which fails and leaks it;
  // create and drop it here instead.
  factory.connectToShadowDb = async () => {
    const main = await factory.connect();
    const name = `lantern_shadow_${globalThis.crypto.randomUUID().replace(/-/g, '')}`;
    await main.executeScript(`CREATE DATABASE "${name}"`);
    const shadow: any = await new PrismaPg({ ...config, database: name }).connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await main.executeScript(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await main.dispose();
    };
    return shadow;
  };
  relabelPgCharColumns(factory);
  return factory;
}

// The engine replays each migration.sql through executeRaw, which both drivers reject for
// multi-statement SQL; run such scripts whole instead.
function replayScriptsWhole(factory: any) {
  const connect = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => {
    const adapter = await connect();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query: { sql: string; args: unknown[] }) => {
      try {
        return await executeRaw(query);
      } catch (error: any) {
        const text = `${String(error?.message)} ${String(error?.cause?.message)} ${JSON.stringify(error)}`;
        if (query.args.length > 0 || !/more than one statement|cannot insert multiple commands/.test(text)) throw error;
        await adapter.executeScript(query.sql);
        return 0;
      }
    };
    return adapter;
  };
}

// The engine reads pg_catalog columns of PostgreSQL's internal "char" type (OID 18), which
// adapter-pg cannot decode; present them as text (OID 25).
function relabelPgCharColumns(factory: any) {
  let patched = false;
  const patch = (adapter: any) => {
    if (patched) return adapter;
    let proto = Object.getPrototypeOf(adapter);
    while (proto && !Object.prototype.hasOwnProperty.call(proto, 'performIO')) proto = Object.getPrototypeOf(proto);
    const performIO = proto.performIO;
    proto.performIO = async function (query: unknown) {
      const result = await performIO.call(this, query);
      for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
      return result;
    };
    patched = true;
    return adapter;
  };
  for (const method of ['connect', 'connectToShadowDb']) {
    const original = factory[method].bind(factory);
    factory[method] = async () => patch(await original());
  }
}

const lockFile = (connector: Connector) =>
  `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${connector}"\n`;

function migrationHistory(folder: string, connector: Connector) {
  const names = fs.existsSync(folder)
    ? fs.readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()
    : [];
  return {
    baseDir: folder,
    lockfile: { path: 'migration_lock.toml', content: lockFile(connector) },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => ({
      path: name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: fs.readFileSync(path.join(folder, name, 'migration.sql'), 'utf8') } },
    })),
  };
}

/** The SQL that takes a database from the committed migrations to the schema; '' when they agree. */
export async function diffMigrationsToSchema(engine: SchemaEngine, schemaPath: string, folder: string, connector: Connector): Promise<string> {
  const result = await engine.diff({
    from: { tag: 'migrations', ...migrationHistory(folder, connector) },
    to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: fs.readFileSync(schemaPath, 'utf8') }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  const sql = result.stdout ?? '';
  return /^\s*(-- This is an empty migration\.?\s*)?$/.test(sql) ? '' : sql;
}

export function writeMigration(folder: string, connector: Connector, dirName: string, sql: string): void {
  fs.mkdirSync(path.join(folder, dirName), { recursive: true });
  fs.writeFileSync(path.join(folder, dirName, 'migration.sql'), sql);
  fs.writeFileSync(path.join(folder, 'migration_lock.toml'), lockFile(connector));
}

/** `prisma migrate deploy`, through the wasm engine: used by tests to prove our runner matches it. */
export async function deployWithPrismaEngine(schemaPath: string, folder: string, connector: Connector, databaseUrl: string): Promise<string[]> {
  const bindings = await (bindingsLoaded ??= loadBindings());
  const factory: any =
    connector === 'postgresql'
      ? postgresFactory(pgConfigFromUrl(databaseUrl))
      : new PrismaBetterSqlite3({ url: databaseUrl }, { timestampFormat: 'unixepoch-ms' });
  const engine = await bindings.SchemaEngine.new(
    { datamodels: [[schemaPath, fs.readFileSync(schemaPath, 'utf8')]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  const result = await engine.applyMigrations({
    migrationsList: migrationHistory(folder, connector),
    filters: { externalTables: [], externalEnums: [] },
  });
  engine.free?.();
  return result.appliedMigrationNames;
}
