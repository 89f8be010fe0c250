import type { Server } from 'restify';
import { buildApp } from './app';
import type { Config } from './config/load-config';
import { applyMigrations, migrationsFolder, readMigrations } from './db/migrations';
import { openDatabase, type Database } from './db/open-database';
import { seedDemoIfEmpty, type DemoSignIns } from './domain/demo/seed-demo';
import { InFlight } from './lib/in-flight';
import type { Logger } from './lib/logger';

export interface RunningService {
  server: Server;
  database: Database;
  inFlight: InFlight;
  url: string;
  demo: DemoSignIns | null;
  /** Stops taking requests, lets in-flight work finish (up to the grace period), closes the database. */
  stop(): Promise<void>;
}

/** Migrates, connects, seeds a demo on an empty database, and listens. */
export async function startService(config: Readonly<Config>, logger: Logger): Promise<RunningService> {
  const migrations = readMigrations(migrationsFolder(config.database.provider));
  await applyMigrations(
    config.database,
    {
      applied: (name) => logger.info({ migration: name }, 'migration applied'),
      warn: (message) => logger.warn(message),
    },
    migrations,
  );
  const database = openDatabase(config.database);
  const demo = config.seedDemoData ? await seedDemoIfEmpty(database.db) : null;
  const inFlight = new InFlight();
  const server = buildApp({ config, database, logger, expectedMigrations: migrations.map((m) => m.name) });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${address.port}`;
  logger.info({ port: address.port, database: config.database.provider, sms: config.sms.mode }, 'Lantern is listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      const finished = await Promise.race([
        Promise.all([closed, inFlight.drain(config.shutdownGraceMs)]).then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), config.shutdownGraceMs).unref()),
      ]);
      if (!finished) logger.warn({ inFlight: inFlight.size }, 'shutdown grace period ended with work still running');
      server.server.closeAllConnections();
      await database.close();
    })());
  return { server, database, inFlight, url, demo, stop };
}
