import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { environmentSchema, type Environment } from './schema';

export type DatabaseConfig =
  | { provider: 'sqlite'; url: string; filePath: string }
  | { provider: 'postgresql'; url: string };

export type SmsConfig =
  | {
      mode: 'twilio';
      accountSid: string;
      authToken: string;
      sender: { from: string } | { messagingServiceSid: string };
      apiBaseUrl?: string;
      checkSignature: boolean;
    }
  // No Twilio credentials: the built-in phone simulator signs and receives texts locally.
  | { mode: 'simulator'; authToken: string; checkSignature: boolean };

export interface Config {
  environment: Environment['NODE_ENV'];
  port: number;
  host: string;
  publicBaseUrl: string;
  database: DatabaseConfig;
  logLevel: Environment['LOG_LEVEL'];
  sms: SmsConfig;
  azure: { appId: string; appPassword: string; tenantId?: string; appType: Environment['MICROSOFT_APP_TYPE'] } | null;
  sessionSecret: string;
  /** True when SESSION_SECRET was not set and a secret was made up (development only). */
  sessionSecretGenerated: boolean;
  timeZone: string;
  quietHours: { start: string; end: string };
  officeHours: { start: string; end: string; days: number[] };
  referrals: { linkDays: number; perPracticePerDay: number };
  smallCountThreshold: number;
  seedDemoData: boolean;
  shutdownGraceMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// Variables whose values must never be echoed back in an error message.
const SECRET_NAMES = new Set(['TWILIO_AUTH_TOKEN', 'MICROSOFT_APP_PASSWORD', 'SESSION_SECRET', 'DATABASE_URL']);

/** Reads and validates the environment once. Throws ConfigError with one line naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Readonly<Config> {
  const input = withoutEmptyStrings(env);
  const parsed = environmentSchema.safeParse(input);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error, input));
  const problems = crossFieldProblems(parsed.data);
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return deepFreeze(toConfig(parsed.data, cwd));
}

function toConfig(e: Environment, cwd: string): Config {
  return {
    environment: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    database: toDatabaseConfig(e.DATABASE_URL, cwd),
    logLevel: e.LOG_LEVEL,
    sms: toSmsConfig(e),
    azure: e.MICROSOFT_APP_ID && e.MICROSOFT_APP_PASSWORD
      ? { appId: e.MICROSOFT_APP_ID, appPassword: e.MICROSOFT_APP_PASSWORD, tenantId: e.MICROSOFT_APP_TENANT_ID, appType: e.MICROSOFT_APP_TYPE }
      : null,
    // Development only (production requires SESSION_SECRET): a fresh secret per start.
    sessionSecret: e.SESSION_SECRET ?? randomBytes(32).toString('base64url'),
    sessionSecretGenerated: !e.SESSION_SECRET,
    timeZone: e.TZ_DEFAULT,
    quietHours: { start: e.QUIET_HOURS_START, end: e.QUIET_HOURS_END },
    officeHours: { start: e.OFFICE_HOURS_START, end: e.OFFICE_HOURS_END, days: e.OFFICE_DAYS },
    referrals: { linkDays: e.REFERRAL_LINK_DAYS, perPracticePerDay: e.REFERRALS_PER_PRACTICE_PER_DAY },
    smallCountThreshold: e.SMALL_COUNT_THRESHOLD,
    seedDemoData: e.SEED_DEMO_DATA ?? e.NODE_ENV !== 'production',
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
  };
}

export function toDatabaseConfig(url: string, cwd = process.cwd()): DatabaseConfig {
  if (url.startsWith('file:')) {
    const filePath = path.resolve(cwd, url.slice('file:'.length));
    return { provider: 'sqlite', url: `file:${filePath}`, filePath };
  }
  return { provider: 'postgresql', url };
}

function toSmsConfig(e: Environment): SmsConfig {
  if (e.TWILIO_ACCOUNT_SID && e.TWILIO_AUTH_TOKEN) {
    return {
      mode: 'twilio',
      accountSid: e.TWILIO_ACCOUNT_SID,
      authToken: e.TWILIO_AUTH_TOKEN,
      sender: e.TWILIO_MESSAGING_SERVICE_SID
        ? { messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID }
        : { from: e.TWILIO_FROM_NUMBER as string },
      apiBaseUrl: e.TWILIO_API_BASE_URL,
      checkSignature: !e.TWILIO_SKIP_SIGNATURE_CHECK,
    };
  }
  return { mode: 'simulator', authToken: randomBytes(24).toString('hex'), checkSignature: !e.TWILIO_SKIP_SIGNATURE_CHECK };
}

function crossFieldProblems(e: Environment): string[] {
  const problems: string[] = [];
  const twilioSet = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN].filter(Boolean).length;
  if (twilioSet === 1) {
    problems.push(`${e.TWILIO_ACCOUNT_SID ? 'TWILIO_AUTH_TOKEN' : 'TWILIO_ACCOUNT_SID'} must be set too: Twilio needs both the account SID and the auth token`);
  }
  if (twilioSet === 2 && !e.TWILIO_FROM_NUMBER && !e.TWILIO_MESSAGING_SERVICE_SID) {
    problems.push('TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID must be set to send texts through Twilio');
  }
  if (Boolean(e.MICROSOFT_APP_ID) !== Boolean(e.MICROSOFT_APP_PASSWORD)) {
    problems.push(`${e.MICROSOFT_APP_ID ? 'MICROSOFT_APP_PASSWORD' : 'MICROSOFT_APP_ID'} must be set too: Azure Bot Service needs both`);
  }
  if (e.NODE_ENV === 'production') {
    if (!e.SESSION_SECRET) problems.push('SESSION_SECRET must be set in production (at least 32 random characters)');
    if (!e.PUBLIC_BASE_URL) problems.push('PUBLIC_BASE_URL must be set in production (the URL Twilio and people use)');
    if (e.TWILIO_SKIP_SIGNATURE_CHECK) problems.push('TWILIO_SKIP_SIGNATURE_CHECK cannot be used in production');
  }
  return problems;
}

function describeIssues(error: z.ZodError, input: Record<string, string>): string {
  return error.issues
    .map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const value = input[name];
      const shown = value === undefined || SECRET_NAMES.has(name) ? '' : ` (got ${JSON.stringify(truncate(value))})`;
      return `${name} ${issue.message}${shown}`;
    })
    .join('; ');
}

// An exported-but-empty variable (FOO=) means "not set", as most tools treat it.
function withoutEmptyStrings(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
