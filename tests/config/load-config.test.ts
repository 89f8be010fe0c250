import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/load-config';
import { environmentSchema } from '../../src/config/schema';

const TWILIO = {
  TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'x'.repeat(32),
  TWILIO_FROM_NUMBER: '+447700900999',
};

describe('configuration from the environment', () => {
  it('starts with nothing set: SQLite under ./data, the phone simulator, London time', () => {
    const config = loadConfig({}, '/srv/lantern');
    expect(config.port).toBe(3978);
    expect(config.database).toEqual({ provider: 'sqlite', url: 'file:/srv/lantern/data/lantern.db', filePath: '/srv/lantern/data/lantern.db' });
    expect(config.sms.mode).toBe('simulator');
    expect(config.sms.checkSignature).toBe(true);
    expect(config.timeZone).toBe('Europe/London');
    expect(config.quietHours).toEqual({ start: '20:00', end: '09:00' });
    expect(config.officeHours.days).toEqual([1, 2, 3, 4, 5]);
    expect(config.publicBaseUrl).toBe('http://localhost:3978');
    expect(config.seedDemoData).toBe(true);
  });

  it('is frozen, so nothing can change it after start-up', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  it('selects PostgreSQL from a postgresql:// URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://lantern@db.internal:5432/lantern' }).database).toEqual({
      provider: 'postgresql',
      url: 'postgresql://lantern@db.internal:5432/lantern',
    });
  });

  it('uses Twilio when credentials are given, with the API base URL for a Twilio-compatible fake', () => {
    const config = loadConfig({ ...TWILIO, TWILIO_API_BASE_URL: 'http://127.0.0.1:4010' });
    expect(config.sms).toMatchObject({ mode: 'twilio', sender: { from: '+447700900999' }, apiBaseUrl: 'http://127.0.0.1:4010', checkSignature: true });
  });

  it('trims a trailing slash from the public base URL', () => {
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://lantern.example.org/' }).publicBaseUrl).toBe('https://lantern.example.org');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', TZ_DEFAULT: '' }).port).toBe(3978);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number between 0 and 65535 (got "abc")'],
    [{ PORT: '70000' }, 'PORT must be a whole number'],
    [{ DATABASE_URL: 'mysql://root@localhost/lantern' }, 'DATABASE_URL must be file:<path> for SQLite or postgresql://'],
    [{ DATABASE_URL: 'postgresql://' }, 'DATABASE_URL must be'],
    [{ PUBLIC_BASE_URL: 'lantern.example.org' }, 'PUBLIC_BASE_URL must be an http(s) URL'],
    [{ TZ_DEFAULT: 'London' }, 'TZ_DEFAULT must be an IANA time zone'],
    [{ QUIET_HOURS_START: '8pm' }, 'QUIET_HOURS_START must be a 24-hour time like 09:00 (got "8pm")'],
    [{ OFFICE_DAYS: 'Mon,Funday' }, 'OFFICE_DAYS must be days like Mon,Tue,Wed'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ TWILIO_ACCOUNT_SID: 'AC123' }, 'TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits'],
    [{ TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID }, 'TWILIO_AUTH_TOKEN must be set too'],
    [{ TWILIO_ACCOUNT_SID: TWILIO.TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN: TWILIO.TWILIO_AUTH_TOKEN }, 'TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID must be set'],
    [{ TWILIO_FROM_NUMBER: '07700 900999' }, 'TWILIO_FROM_NUMBER must be an E.164 number'],
    [{ MICROSOFT_APP_ID: 'abc' }, 'MICROSOFT_APP_PASSWORD must be set too'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET must be at least 32 characters'],
    [{ SEED_DEMO_DATA: 'perhaps' }, 'SEED_DEMO_DATA must be true or false'],
    [{ NODE_ENV: 'production' }, 'SESSION_SECRET must be set in production'],
    [{ NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32), PUBLIC_BASE_URL: 'https://x.org', TWILIO_SKIP_SIGNATURE_CHECK: 'true' }, 'TWILIO_SKIP_SIGNATURE_CHECK cannot be used in production'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('never echoes a secret back in an error', () => {
    expect(() => loadConfig({ SESSION_SECRET: 'hunter2' })).toThrow(/^SESSION_SECRET must be at least 32 characters$/);
    expect(() => loadConfig({ TWILIO_AUTH_TOKEN: 'tiny' })).not.toThrow(/tiny/);
  });
});

describe('.env.example', () => {
  it('documents exactly the variables Lantern reads', () => {
    const documented = fs
      .readFileSync(path.join(__dirname, '../../.env.example'), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=')[0]);
    expect(documented.sort()).toEqual(Object.keys(environmentSchema.shape).sort());
  });
});
