import { IP_FAILURE_LIMIT } from '../../../src/api/auth/sign-in-throttle';
import { createStaff } from '../../../src/domain/staff/create-staff';
import { testProvider } from '../../helpers/test-database';
import { PASSWORD, startAuthHarness, type AuthHarness } from './auth-harness';

const GENERIC = { error: { code: 'unauthorised', message: 'That email and password do not match an account.' } };

describe(`signing in (${testProvider})`, () => {
  let harness: AuthHarness;
  beforeAll(async () => {
    harness = await startAuthHarness();
  });
  afterAll(() => harness.close());

  it('answers who signed in and a CSRF token, and sets an HttpOnly, SameSite=Strict session cookie', async () => {
    const { staff } = await harness.staff('COACH');
    const browser = harness.browser();
    const answer = await browser.signIn(` ${staff.email.toUpperCase()} `, PASSWORD);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      staff: { id: staff.id, name: staff.displayName, email: staff.email, role: 'COACH', organisationId: harness.organisationId, mustChangePassword: false, totpEnabled: false },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      totpRequired: false,
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const attributes = answer.sessionCookie!.split('; ').slice(1);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=1800']));
    expect(attributes).not.toContain('Secure');
    // The cookie is the session: it opens a protected route.
    expect((await browser.get('/api/test/coach')).body.principal).toEqual({
      kind: 'staff', staffId: staff.id, organisationId: harness.organisationId, role: 'COACH', name: staff.displayName, practiceId: null,
    });
    const audit = await harness.db.auditEvent.findFirstOrThrow({ where: { action: 'staff.signed-in', actorStaffId: staff.id } });
    expect(JSON.parse(audit.detail)).toEqual({ twoStep: false });
  });

  it('gives a new session (and CSRF token) at every sign-in', async () => {
    const { staff } = await harness.staff('COACH');
    const first = harness.browser();
    const second = harness.browser();
    await first.signIn(staff.email, PASSWORD);
    await second.signIn(staff.email, PASSWORD);
    expect(first.cookie).not.toBe(second.cookie);
    expect(first.csrfToken).not.toBe(second.csrfToken);
  });

  it('says the same thing for an unknown email and a wrong password, and takes as long', async () => {
    const { staff } = await harness.staff('COACH');
    const wrongPassword = await harness.browser().signIn(staff.email, 'not the password at all');
    const unknownEmail = await harness.browser().signIn('nobody@northside.example', PASSWORD);
    expect(wrongPassword).toMatchObject({ status: 401, body: GENERIC, sessionCookie: undefined });
    expect(unknownEmail).toMatchObject({ status: 401, body: GENERIC, sessionCookie: undefined });

    // Both hash a password (scrypt, tens of milliseconds); an unknown email is not answered at once.
    const time = async (email: string) => {
      const started = performance.now();
      await harness.browser().signIn(email, 'another wrong password');
      return performance.now() - started;
    };
    const known = Math.min(await time(staff.email), await time(staff.email));
    const unknown = Math.min(await time('someone-else@northside.example'), await time('someone-else@northside.example'));
    expect(unknown).toBeGreaterThan(known * 0.5);
    await harness.db.staff.update({ where: { id: staff.id }, data: { failedSignIns: 0 } });
  });

  it('records a failed sign-in with ids only', async () => {
    const { staff } = await harness.staff('COACH');
    await harness.browser().signIn(staff.email, 'not the password at all');
    const audit = await harness.db.auditEvent.findFirstOrThrow({ where: { action: 'staff.sign-in-failed', detail: { contains: staff.id } } });
    expect(JSON.parse(audit.detail)).toEqual({ staffId: staff.id, reason: 'wrong-password' });
    expect(audit.detail).not.toContain(staff.email);
    expect(audit.detail).not.toContain('not the password');
  });

  it('refuses a switched-off account, saying so only to someone who knows the password', async () => {
    const { staff } = await harness.staff('COACH');
    await harness.db.staff.update({ where: { id: staff.id }, data: { disabledAt: harness.clock.now() } });
    expect(await harness.browser().signIn(staff.email, 'not the password at all')).toMatchObject({ status: 401, body: GENERIC });
    const answer = await harness.browser().signIn(staff.email, PASSWORD);
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } }, sessionCookie: undefined });
  });

  it('takes passwords of 128 characters and more', async () => {
    const long = 'a walk along the canal towpath, past the lock, to the café by the old mill; '.repeat(3).slice(0, 200);
    const { staff } = await createStaff(harness.db, { organisationId: harness.organisationId, email: 'long.password@northside.example', displayName: 'Long', role: 'COACH', password: long });
    expect((await harness.browser().signIn(staff.email, long)).status).toBe(200);
    expect((await harness.browser().signIn(staff.email, long.slice(0, 199))).status).toBe(401);
  });

  it('only takes a JSON body, so a form on another site cannot sign someone in', async () => {
    const { staff } = await harness.staff('COACH');
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', new URLSearchParams({ email: staff.email, password: PASSWORD }).toString()],
      ['text/plain', JSON.stringify({ email: staff.email, password: PASSWORD })],
      ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="email"\r\n\r\n${staff.email}\r\n--x--\r\n`],
    ]) {
      const response = await fetch(`${harness.url}/api/auth/sign-in`, { method: 'POST', headers: { 'Content-Type': type as string }, body });
      expect(response.status).toBe(415);
      expect(await response.json()).toEqual({ error: { code: 'unsupported-media-type', message: 'Send a JSON body (Content-Type: application/json).' } });
      expect(response.headers.getSetCookie()).toEqual([]);
    }
    const withCharset = await fetch(`${harness.url}/api/auth/sign-in`, {
      method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify({ email: staff.email, password: PASSWORD }),
    });
    expect(withCharset.status).toBe(200);
  });

  it('checks the body', async () => {
    const answer = await harness.browser().post('/api/auth/sign-in', { email: 'x@northside.example' });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'bad-request', message: expect.stringContaining('password') } } });
    const tooBig = await harness.browser().post('/api/auth/sign-in', { email: 'x@northside.example', password: 'p'.repeat(10_000) });
    expect(tooBig.status).toBe(413);
  });
});

describe(`sign-in throttling (${testProvider})`, () => {
  let harness: AuthHarness;
  beforeEach(async () => {
    harness = await startAuthHarness();
  });
  afterEach(() => harness.close());

  it('locks an account for 15 minutes after 5 wrong passwords in a row, even for the right one', async () => {
    const { staff } = await harness.staff('COACH');
    const browser = harness.browser();
    for (let attempt = 1; attempt <= 5; attempt++) expect((await browser.signIn(staff.email, `wrong ${attempt}`)).status).toBe(401);

    const locked = await browser.signIn(staff.email, PASSWORD);
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'too-many-requests', message: 'Too many failed sign-ins. Try again in 15 minutes.' } } });
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(locked.sessionCookie).toBeUndefined();
    expect(await harness.db.auditEvent.count({ where: { action: 'staff.locked-out', detail: { contains: staff.id } } })).toBe(1);

    harness.clock.advance(14 * 60_000);
    expect((await browser.signIn(staff.email, PASSWORD)).headers.get('retry-after')).toBe('60');
    harness.clock.advance(60_000);
    expect((await browser.signIn(staff.email, PASSWORD)).status).toBe(200);
    expect(await harness.db.staff.findUniqueOrThrow({ where: { id: staff.id } })).toMatchObject({ failedSignIns: 0, lockedUntil: null });
  });

  it('counts consecutive failures only: a success starts the count again', async () => {
    const { staff } = await harness.staff('COACH');
    const browser = harness.browser();
    for (let attempt = 1; attempt <= 4; attempt++) await browser.signIn(staff.email, `wrong ${attempt}`);
    expect((await browser.signIn(staff.email, PASSWORD)).status).toBe(200);
    for (let attempt = 1; attempt <= 4; attempt++) expect((await browser.signIn(staff.email, `wrong ${attempt}`)).status).toBe(401);
    expect((await browser.signIn(staff.email, PASSWORD)).status).toBe(200);
  });

  it('"locks" an email nobody uses just as it would a real account, so lockout reveals nothing', async () => {
    const browser = harness.browser();
    for (let attempt = 1; attempt <= 5; attempt++) expect((await browser.signIn('nobody@northside.example', `wrong ${attempt}`)).status).toBe(401);
    const locked = await browser.signIn('nobody@northside.example', PASSWORD);
    expect(locked).toMatchObject({ status: 429, body: { error: { message: 'Too many failed sign-ins. Try again in 15 minutes.' } } });
    expect(locked.headers.get('retry-after')).toBe('900');
  });

  it(`answers 429 to an address after ${IP_FAILURE_LIMIT} failed sign-ins in 15 minutes, for every account`, async () => {
    const { staff } = await harness.staff('COACH');
    const browser = harness.browser();
    for (let attempt = 1; attempt <= IP_FAILURE_LIMIT; attempt++) {
      // Spread over 20 different emails, so no single account locks.
      expect((await browser.signIn(`guess${attempt}@northside.example`, 'password123')).status).toBe(401);
      harness.clock.advance(10_000);
    }
    const blocked = await browser.signIn(staff.email, PASSWORD);
    expect(blocked).toMatchObject({ status: 429, body: { error: { code: 'too-many-requests', message: expect.stringMatching(/^Too many failed sign-ins\. Try again in \d+ minutes\.$/) } } });
    // The oldest failure leaves the window 15 minutes after it was made.
    expect(blocked.headers.get('retry-after')).toBe(String(15 * 60 - IP_FAILURE_LIMIT * 10));

    harness.clock.advance((15 * 60 - IP_FAILURE_LIMIT * 10) * 1000);
    expect((await browser.signIn(staff.email, PASSWORD)).status).toBe(200);
  });
});

describe('the session cookie behind https', () => {
  it('is Secure when PUBLIC_BASE_URL is https', async () => {
    const harness = await startAuthHarness({ PUBLIC_BASE_URL: 'https://lantern.example.org' });
    try {
      const { staff } = await harness.staff('COACH');
      const answer = await harness.browser().signIn(staff.email, PASSWORD);
      expect(answer.sessionCookie!.split('; ')).toContain('Secure');
    } finally {
      await harness.close();
    }
  });
});
