import { base32Decode, totp } from '../../../src/api/auth/totp';
import { testProvider } from '../../helpers/test-database';
import { PASSWORD, startAuthHarness, type AuthHarness, type Browser } from './auth-harness';

const NEEDS_CODE = { error: { code: 'unauthorised', message: 'Enter the 6-digit code from your authenticator app', details: { needsCode: true } } };

describe(`two-step sign-in with an authenticator app (${testProvider})`, () => {
  let harness: AuthHarness;
  beforeAll(async () => {
    harness = await startAuthHarness();
  });
  afterAll(() => harness.close());

  const codeFor = (secret: string, offsetMs = 0) => totp(base32Decode(secret), harness.clock.now().getTime() + offsetMs);

  /** Sets up and confirms TOTP in a signed-in browser; returns the secret. */
  async function turnOn(browser: Browser): Promise<string> {
    const setup = await browser.post('/api/auth/totp/setup');
    expect(setup.status).toBe(200);
    const confirmed = await browser.post('/api/auth/totp/confirm', { code: codeFor(setup.body.secret) });
    expect(confirmed).toMatchObject({ status: 200, body: { staff: { totpEnabled: true }, totpRequired: false } });
    return setup.body.secret;
  }

  it('is set up with a secret for the app, and is on only once a code from it is confirmed', async () => {
    const { browser, staff } = await harness.signedIn('COACH');
    const setup = await browser.post('/api/auth/totp/setup');
    expect(setup).toMatchObject({ status: 200, body: { secret: expect.stringMatching(/^[A-Z2-7]{32}$/) } });
    const url = new URL(setup.body.otpauthUrl);
    expect(url.searchParams.get('secret')).toBe(setup.body.secret);
    expect(decodeURIComponent(url.pathname)).toBe(`/Lantern:${staff.email}`);

    let stored = await harness.db.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(stored).toMatchObject({ totpSecret: setup.body.secret, totpEnabledAt: null });
    // Not on yet: signing in needs no code.
    expect((await harness.browser().signIn(staff.email, PASSWORD)).status).toBe(200);

    const wrong = codeFor(setup.body.secret) === '000000' ? '111111' : '000000';
    expect(await browser.post('/api/auth/totp/confirm', { code: wrong })).toMatchObject({ status: 400 });
    expect((await browser.post('/api/auth/totp/confirm', { code: codeFor(setup.body.secret) })).status).toBe(200);
    stored = await harness.db.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(stored.totpEnabledAt).toEqual(harness.clock.now());
    expect(await harness.db.auditEvent.count({ where: { action: 'staff.totp-enabled', actorStaffId: staff.id } })).toBe(1);
    expect(await browser.post('/api/auth/totp/setup')).toMatchObject({ status: 409 });
    // The browser that turned it on stays signed in.
    expect((await browser.get('/api/test/coach')).status).toBe(200);
  });

  it('then needs the code at sign-in, and a used code cannot be used again', async () => {
    const { browser, staff } = await harness.signedIn('COACH');
    const secret = await turnOn(browser);
    harness.clock.advance(30_000);

    const withoutCode = await harness.browser().signIn(staff.email, PASSWORD);
    expect(withoutCode).toMatchObject({ status: 401, body: NEEDS_CODE, sessionCookie: undefined });
    const wrong = await harness.browser().signIn(staff.email, PASSWORD, codeFor(secret, 120_000));
    expect(wrong).toMatchObject({ status: 401, body: { error: { details: { needsCode: true } } }, sessionCookie: undefined });

    const code = codeFor(secret);
    const signedIn = await harness.browser().signIn(staff.email, PASSWORD, code);
    expect(signedIn).toMatchObject({ status: 200, body: { staff: { totpEnabled: true } } });
    expect(JSON.parse((await harness.db.auditEvent.findFirstOrThrow({ where: { action: 'staff.signed-in', actorStaffId: staff.id }, orderBy: { createdAt: 'desc' } })).detail)).toEqual({ twoStep: true });

    // Seen over a shoulder and typed in 10 seconds later: refused.
    harness.clock.advance(10_000);
    expect(await harness.browser().signIn(staff.email, PASSWORD, code)).toMatchObject({ status: 401, sessionCookie: undefined });
    // The previous step's code (still inside the window) is refused too, the next one is fine.
    expect((await harness.browser().signIn(staff.email, PASSWORD, codeFor(secret, -30_000))).status).toBe(401);
    harness.clock.advance(30_000);
    expect((await harness.browser().signIn(staff.email, PASSWORD, codeFor(secret))).status).toBe(200);
    // A code from a phone 30 seconds slow still works.
    harness.clock.advance(60_000);
    expect((await harness.browser().signIn(staff.email, PASSWORD, codeFor(secret, -30_000))).status).toBe(200);
  });

  it('counts wrong codes towards the lockout', async () => {
    const { browser, staff } = await harness.signedIn('COACH');
    const secret = await turnOn(browser);
    const good = codeFor(secret, 30_000);
    const wrongCodes = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((c) => c !== codeFor(secret) && c !== good && c !== codeFor(secret, -30_000)).slice(0, 5);
    for (const code of wrongCodes) expect((await harness.browser().signIn(staff.email, PASSWORD, code)).status).toBe(401);
    harness.clock.advance(30_000);
    const locked = await harness.browser().signIn(staff.email, PASSWORD, good);
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'too-many-requests' } } });
  });

  it('turning it on signs out other sessions, started without the second step', async () => {
    const { browser, staff } = await harness.signedIn('COACH');
    const other = harness.browser();
    await other.signIn(staff.email, PASSWORD);
    await turnOn(browser);
    expect((await other.get('/api/test/coach')).status).toBe(401);
    expect((await browser.get('/api/test/coach')).status).toBe(200);
  });

  it('can be turned off by a coach with a current code', async () => {
    const { browser, staff } = await harness.signedIn('COACH');
    const secret = await turnOn(browser);
    harness.clock.advance(30_000);
    expect(await browser.post('/api/auth/totp/disable', { code: codeFor(secret) }, { csrf: false })).toMatchObject({ status: 403 });
    expect(await browser.post('/api/auth/totp/disable', { code: codeFor(secret, 90_000) })).toMatchObject({ status: 400 });
    const off = await browser.post('/api/auth/totp/disable', { code: codeFor(secret) });
    expect(off).toMatchObject({ status: 200, body: { staff: { totpEnabled: false } } });
    expect(await harness.db.staff.findUniqueOrThrow({ where: { id: staff.id } })).toMatchObject({ totpSecret: null, totpEnabledAt: null });
    expect(await harness.db.auditEvent.count({ where: { action: 'staff.totp-disabled', actorStaffId: staff.id } })).toBe(1);
    expect((await harness.browser().signIn(staff.email, PASSWORD)).status).toBe(200);
  });

  it('is required for admins: until it is on, an admin can only set it up', async () => {
    const { staff: admin } = await harness.staff('ADMIN');
    const browser = harness.browser();
    const signedIn = await browser.signIn(admin.email, PASSWORD);
    expect(signedIn).toMatchObject({ status: 200, body: { staff: { role: 'ADMIN', totpEnabled: false }, totpRequired: true } });
    expect((await browser.get('/api/auth/me')).body.totpRequired).toBe(true);

    const gate = { status: 403, body: { error: { code: 'forbidden', message: 'Set up two-step sign-in with an authenticator app first: admins must use it.' } } };
    expect(await browser.get('/api/test/coach')).toMatchObject(gate);
    expect(await browser.get('/api/test/admin')).toMatchObject(gate);
    expect(await browser.post('/api/test/admin', {})).toMatchObject(gate);

    const secret = await turnOn(browser);
    expect((await browser.get('/api/auth/me')).body.totpRequired).toBe(false);
    expect((await browser.get('/api/test/admin')).status).toBe(200);
    harness.clock.advance(30_000);
    expect(await browser.post('/api/auth/totp/disable', { code: codeFor(secret) })).toMatchObject({ status: 403, body: { error: { message: 'Admins must keep two-step sign-in on.' } } });
    expect(await harness.browser().signIn(admin.email, PASSWORD)).toMatchObject({ status: 401, body: NEEDS_CODE });
  });

  it('lets an admin with a one-time password change it first, then set up two-step sign-in', async () => {
    const { staff: admin, password } = await harness.staff('ADMIN', { oneTimePassword: true });
    const browser = harness.browser();
    expect(await browser.signIn(admin.email, password)).toMatchObject({ status: 200, body: { staff: { mustChangePassword: true }, totpRequired: true } });
    expect(await browser.post('/api/auth/totp/setup')).toMatchObject({ status: 403, body: { error: { message: expect.stringContaining('Change your password first') } } });
    expect((await browser.post('/api/auth/password', { currentPassword: password, newPassword: 'admins keep the lights on' })).status).toBe(200);
    await turnOn(browser);
    expect((await browser.get('/api/test/admin')).status).toBe(200);
  });
});
