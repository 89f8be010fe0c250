import { z } from 'zod';

// Every setting Lantern reads from its environment. Defaults make `npm start` work with nothing
// set; production refuses the development-only shortcuts. Documented in .env.example and README.

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a 24-hour time like 09:00');

const timeZone = z.string().refine(isTimeZone, 'must be an IANA time zone like Europe/London');

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
    error: 'must be true or false',
  })
  .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

const weekdays = z
  .string()
  .transform((value) => value.split(',').map((day) => day.trim().toLowerCase()).filter(Boolean))
  .pipe(
    z
      .array(z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'], {
        error: 'must be days like Mon,Tue,Wed',
      }))
      .min(1, 'must name at least one day'),
  )
  .transform((days) => days.map((day) => WEEKDAY_NUMBERS[day]));

const WEEKDAY_NUMBERS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } as const;

const databaseUrl = z
  .string()
  .refine(
    (value) => /^file:.+/.test(value) || isPostgresUrl(value),
    'must be file:<path> for SQLite or postgresql://user@host:port/database for PostgreSQL',
  );

export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce
    .number({ error: 'must be a whole number between 0 and 65535' })
    .int('must be a whole number between 0 and 65535')
    .min(0, 'must be a whole number between 0 and 65535')
    .max(65535, 'must be a whole number between 0 and 65535')
    .default(3978),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL like https://lantern.example.org' }).optional(),
  DATABASE_URL: databaseUrl.default('file:./data/lantern.db'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  TWILIO_ACCOUNT_SID: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'must be AC followed by 32 hex digits').optional(),
  TWILIO_AUTH_TOKEN: z.string().min(16, 'is too short to be a Twilio auth token').optional(),
  TWILIO_FROM_NUMBER: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +447700900123').optional(),
  TWILIO_MESSAGING_SERVICE_SID: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'must be MG followed by 32 hex digits').optional(),
  TWILIO_API_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  // Development only: accept unsigned SMS webhooks. Refused in production; logged loudly.
  TWILIO_SKIP_SIGNATURE_CHECK: flag.default(false),

  MICROSOFT_APP_ID: z.string().min(1).optional(),
  MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
  MICROSOFT_APP_TENANT_ID: z.string().min(1).optional(),
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),

  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TZ_DEFAULT: timeZone.default('Europe/London'),
  QUIET_HOURS_START: clockTime.default('20:00'),
  QUIET_HOURS_END: clockTime.default('09:00'),
  OFFICE_HOURS_START: clockTime.default('09:00'),
  OFFICE_HOURS_END: clockTime.default('17:00'),
  // Zod applies a default after parsing, so it is given as weekday numbers (Mon-Fri).
  OFFICE_DAYS: weekdays.default([1, 2, 3, 4, 5]),
  REFERRAL_LINK_DAYS: z.coerce.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(1, 'must be at least 1 day').max(365, 'must be at most 365 days').default(30),
  REFERRALS_PER_PRACTICE_PER_DAY: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1).max(100_000).default(200),
  // Counts below this are shown as "<N" in anything exported or aggregated (reports, referral summaries).
  SMALL_COUNT_THRESHOLD: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(2, 'must be at least 2').max(1000).default(10),
  SEED_DEMO_DATA: flag.optional(),
  SHUTDOWN_GRACE_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int().min(0).max(300).default(10),
});

export type Environment = z.infer<typeof environmentSchema>;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

function isPostgresUrl(value: string): boolean {
  if (!/^postgres(ql)?:\/\//.test(value)) return false;
  try {
    const url = new URL(value);
    return url.hostname.length > 0 && url.pathname.length > 1;
  } catch {
    return false;
  }
}
