import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './load-config';

/**
 * In development without SESSION_SECRET, a secret kept beside the SQLite file, so web chat
 * visitors and signed-in coaches stay signed in across restarts. Production always sets
 * SESSION_SECRET (the configuration refuses to start without it).
 */
export function withDevelopmentSecret(config: Readonly<Config>): Readonly<Config> {
  if (!config.sessionSecretGenerated || config.database.provider !== 'sqlite') return config;
  const file = path.join(path.dirname(config.database.filePath), 'session-secret');
  let secret: string;
  try {
    secret = fs.readFileSync(file, 'utf8').trim();
  } catch {
    secret = '';
  }
  if (secret.length < 32) {
    secret = config.sessionSecret;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  }
  return Object.freeze({ ...config, sessionSecret: secret });
}
