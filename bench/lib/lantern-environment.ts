import { randomBytes } from 'node:crypto';
import type { FakeTwilioApi } from '../../tests/fakes/fake-twilio-api';
import { LANTERN_NUMBER } from './twilio-webhooks';

export interface LanternEnvironmentOptions {
  port: number;
  databaseUrl: string;
  /** Where the server's texts go instead of Twilio. */
  fake: FakeTwilioApi;
  seedDemoData: boolean;
  /** Keep one across restarts of the same server, as a deployment does; a fresh one otherwise. */
  sessionSecret?: string;
}

/** No quiet hours, so a run at any time of day sends at once rather than waiting for 09:00. */
export const NO_QUIET_HOURS = { QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00' };

/**
 * Everything the Lantern server under test is started with (nothing inherited from our own
 * environment but PATH and HOME): production mode on 127.0.0.1, its own database, Twilio's API
 * replaced by the fake. `extra` comes last and wins.
 */
export function lanternEnvironment(options: LanternEnvironmentOptions, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { port, databaseUrl, fake } = options;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    SESSION_SECRET: options.sessionSecret ?? randomBytes(32).toString('base64url'),
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    SEED_DEMO_DATA: String(options.seedDemoData),
    TWILIO_ACCOUNT_SID: fake.accountSid,
    TWILIO_AUTH_TOKEN: fake.authToken,
    TWILIO_FROM_NUMBER: LANTERN_NUMBER,
    TWILIO_API_BASE_URL: fake.baseUrl,
    ...extra,
  };
}
