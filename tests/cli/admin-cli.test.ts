import { hashApiToken } from '../../src/domain/api-tokens/create-api-token';
import { openDatabase, type Database } from '../../src/db/open-database';
import { verifyPassword } from '../../src/lib/password';
import { createTestDatabaseConfig, testProvider } from '../helpers/test-database';
import { runTsx } from '../helpers/run-script';

describe(`the admin CLI on ${testProvider}`, () => {
  let databaseUrl: string;
  let database: Database;
  let drop: () => Promise<void>;
  const lantern = (args: string[], input?: string) => runTsx('src/cli/index.ts', args, { env: { DATABASE_URL: databaseUrl }, input });

  beforeAll(async () => {
    const created = await createTestDatabaseConfig();
    drop = created.drop;
    databaseUrl = created.config.url;
    // The CLI migrates a brand-new database itself.
    expect((await lantern(['org:create', '--name', 'Northside PCN'])).stdout).toMatch(/^Created organisation "Northside PCN"/);
    database = openDatabase(created.config);
  });
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it('creates a practice by ODS code and lists it', async () => {
    expect((await lantern(['practice:create', '--org', 'Northside PCN', '--ods', 'f85002', '--name', 'Riverside Surgery'])).code).toBe(0);
    expect((await lantern(['practice:list'])).stdout).toMatch(/^F85002 {2}Riverside Surgery/);
  });

  it('creates a coach with a one-time password that is stored only as a hash and must be changed', async () => {
    const result = await lantern(['staff:create', '--org', 'Northside PCN', '--email', 'Sam@Example.org', '--name', 'Sam']);
    expect(result.code).toBe(0);
    const password = /One-time password.*: (\S+)$/m.exec(result.stdout)?.[1] as string;
    const staff = await database.db.staff.findUniqueOrThrow({ where: { email: 'sam@example.org' } });
    expect(staff).toMatchObject({ role: 'COACH', mustChangePassword: true });
    expect(staff.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, staff.passwordHash)).toBe(true);
  });

  it('takes a chosen password from stdin, never from the command line', async () => {
    const result = await lantern(
      ['staff:create', '--org', 'Northside PCN', '--email', 'rec@example.org', '--name', 'Reception', '--role', 'practice', '--practice', 'F85002', '--password-stdin'],
      'correct horse battery staple\n',
    );
    expect(result.stdout).toContain('Created practice staff member rec@example.org');
    const staff = await database.db.staff.findUniqueOrThrow({ where: { email: 'rec@example.org' }, include: { practice: true } });
    expect(staff.practice?.odsCode).toBe('F85002');
    expect(await verifyPassword('correct horse battery staple', staff.passwordHash)).toBe(true);
  });

  it('creates an API token shown once and stored only as a hash', async () => {
    const result = await lantern(['token:create', '--org', 'Northside PCN', '--name', 'Practice system', '--practice', 'F85002']);
    const token = result.stdout.trim().split('\n').pop() as string;
    expect(token).toMatch(/^lantern_[\w-]{43}$/);
    const stored = await database.db.apiToken.findUniqueOrThrow({ where: { tokenHash: hashApiToken(token) } });
    expect(stored.name).toBe('Practice system');
    expect((await lantern(['token:list'])).stdout).not.toContain(token);
  });

  it.each([
    [['staff:create', '--org', 'Nowhere', '--email', 'a@b.org', '--name', 'A'], 'No organisation "Nowhere"'],
    [['staff:create', '--org', 'Northside PCN', '--email', 'not-an-email', '--name', 'A'], 'is not an email address'],
    [['staff:create', '--org', 'Northside PCN', '--email', 'sam@example.org', '--name', 'Sam again'], 'Someone already signs in as sam@example.org'],
    [['practice:create', '--org', 'Northside PCN', '--ods', '12', '--name', 'X'], 'is not an ODS code'],
    [['staff:create', '--org', 'Northside PCN'], '--email'],
    [['staff:create', '--colour', 'blue'], "Unknown option '--colour'"],
    [['make-tea'], 'Unknown command "make-tea"'],
  ])('refuses %j with a clear message and exit code 1', async (args, message) => {
    const result = await lantern(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
  });
});
