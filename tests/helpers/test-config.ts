import { loadConfig, type Config, type DatabaseConfig } from '../../src/config/load-config';

/** A configuration as start-up would build it, on the given database, on a free port. */
export function testConfig(database: DatabaseConfig, env: Record<string, string> = {}): Readonly<Config> {
  const base = loadConfig({ PORT: '0', HOST: '127.0.0.1', SEED_DEMO_DATA: 'false', NODE_ENV: 'test', ...env });
  return Object.freeze({ ...base, database });
}
