import type { Config } from './config/load-config';
import type { DemoSignIns } from './domain/demo/seed-demo';
import { MigrationError } from './db/migrations';
import { redactUrl } from './lib/redact-url';

/** One line saying why start-up failed, naming what to fix. */
export function describeStartupFailure(error: unknown, config: Readonly<Config>): string {
  if (error instanceof MigrationError) return error.message;
  const code = (error as { code?: string } | null)?.code;
  if (code === 'EADDRINUSE') return `PORT ${config.port} is already in use by another program`;
  if (code === 'EACCES') return `PORT ${config.port} needs permissions this user does not have`;
  const where = config.database.provider === 'sqlite' ? config.database.filePath : redactUrl(config.database.url);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '3D000' || code === '28P01' || code === '28000') {
    return `DATABASE_URL: cannot use the database at ${where} (${code}: ${firstLine(error)})`;
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'ENOENT') return `DATABASE_URL: cannot open ${where} (${firstLine(error)})`;
  return firstLine(error);
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0] ?? 'unknown error';
}

/** Printed once, on the first start with an empty database. */
export function printDemoSignIns(demo: DemoSignIns, url: string): void {
  const lines = [
    `Lantern is running at ${url} with a demo organisation, "${demo.organisationName}".`,
    `  Coach sign-in:          ${demo.coach.email}  password ${demo.coach.password}`,
    `  Practice staff sign-in: ${demo.practiceStaff.email}  password ${demo.practiceStaff.password}  (practice ${demo.practiceStaff.odsCode})`,
    'These passwords are shown only now. To issue a new one: npm run lantern -- staff:reset-password --email <email>',
  ];
  console.log(`\n${lines.join('\n')}\n`);
}

/** Where to go once Lantern is up: printed at every start. */
export function printWhereToGo(url: string, config: Readonly<Config>): void {
  const lines = [`Lantern is listening on ${url}`, `  Web chat:        ${url}/chat`, `  Coach inbox:     ${url}/inbox`];
  if (config.sms.mode === 'simulator' && config.environment !== 'production') {
    lines.push(`  Phone simulator: ${url}/dev/phone   (or: npm run phone -- "hello")`);
  } else if (config.sms.mode === 'twilio') {
    lines.push(`  Twilio webhook:  ${config.publicBaseUrl}/api/sms/inbound`);
  }
  console.log(lines.join('\n'));
}
