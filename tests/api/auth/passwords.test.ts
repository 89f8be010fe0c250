import { isCommonPassword, newPasswordProblem } from '../../../src/api/auth/password-policy';
import { verifyPassword } from '../../../src/lib/password';
import { testProvider } from '../../helpers/test-database';
import { PASSWORD, startAuthHarness, type AuthHarness } from './auth-harness';

const NEW_PASSWORD = 'kettle on, biscuits out, windows open';

describe('the new-password rules', () => {
  it('knows the common passwords, whatever their case', () => {
    for (const common of ['password', 'qwertyuiop', 'Password123', 'ILOVEYOU12', '1234567890', 'letmein123']) expect(isCommonPassword(common)).toBe(true);
    expect(isCommonPassword(NEW_PASSWORD)).toBe(false);
  });

  it.each([
    ['short', 'nine char', 'must be at least 10 characters'],
    ['common', 'qwertyuiop', 'is one of the most commonly used passwords; choose something less guessable'],
    ['common in capitals', 'PASSWORD123', 'is one of the most commonly used passwords; choose something less guessable'],
    ['the email', 'Jo.Coach@Northside.example', 'must not be your email address'],
    ['too long', 'x'.repeat(129), 'must be at most 128 characters'],
  ])('refuses a password that is %s', (_what, password, problem) => {
    expect(newPasswordProblem(password, 'jo.coach@northside.example')).toBe(problem);
  });

  it('counts characters, not bytes', () => {
    expect(newPasswordProblem('ŵŷŵŷŵŷŵŷŵŷ', 'jo@northside.example')).toBeNull();
    expect(newPasswordProblem('🔥'.repeat(128), 'jo@northside.example')).toBeNull();
  });
});

describe(`changing a password (${testProvider})`, () => {
  let harness: AuthHarness;
  beforeAll(async () => {
    harness = await startAuthHarness();
  });
  afterAll(() => harness.close());

  it('keeps someone with a one-time password to me, sign-out and the password until they change it', async () => {
    const { staff, password } = await harness.staff('COACH', { oneTimePassword: true });
    const browser = harness.browser();
    const signedIn = await browser.signIn(staff.email, password);
    expect(signedIn).toMatchObject({ status: 200, body: { staff: { mustChangePassword: true } } });

    const gate = { status: 403, body: { error: { code: 'forbidden', message: 'Change your password first: the one you were given was for one use only.' } } };
    expect(await browser.get('/api/test/coach')).toMatchObject(gate);
    expect(await browser.post('/api/test/coach', {})).toMatchObject(gate);
    expect(await browser.post('/api/auth/totp/setup')).toMatchObject(gate);
    expect((await browser.get('/api/auth/me')).status).toBe(200);
    const secondBrowser = harness.browser();
    await secondBrowser.signIn(staff.email, password);
    expect((await secondBrowser.post('/api/auth/sign-out')).status).toBe(204);

    const changed = await browser.post('/api/auth/password', { currentPassword: password, newPassword: NEW_PASSWORD });
    expect(changed).toMatchObject({ status: 200, body: { staff: { id: staff.id, mustChangePassword: false }, csrfToken: browser.csrfToken } });
    expect((await browser.get('/api/test/coach')).status).toBe(200);
    const stored = await harness.db.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(stored.mustChangePassword).toBe(false);
    expect(await verifyPassword(NEW_PASSWORD, stored.passwordHash)).toBe(true);
    const audit = await harness.db.auditEvent.findFirstOrThrow({ where: { action: 'staff.password-changed', actorStaffId: staff.id } });
    expect(audit.detail).toBe('{}');
  });

  it('refuses short, common and email passwords, and the current one, changing nothing', async () => {
    const { browser, staff } = await harness.signedIn('COACH');
    for (const [newPassword, problem] of [
      ['too short', 'must be at least 10 characters'],
      ['iloveyou123', 'is one of the most commonly used passwords'],
      [staff.email, 'must not be your email address'],
      [PASSWORD, 'must be different from your current password'],
      ['y'.repeat(129), 'must be at most 128 characters'],
    ]) {
      const answer = await browser.post('/api/auth/password', { currentPassword: PASSWORD, newPassword });
      expect(answer).toMatchObject({ status: 400, body: { error: { code: 'bad-request', message: expect.stringContaining(`newPassword: ${problem}`), details: [{ field: 'newPassword' }] } } });
    }
    const stored = await harness.db.staff.findUniqueOrThrow({ where: { id: staff.id } });
    expect(stored.passwordHash).toBe(staff.passwordHash);
  });

  it('takes a password of exactly 128 characters', async () => {
    const { browser } = await harness.signedIn('COACH');
    const long = 'the lock keeper waves as the narrowboat passes under the bridge '.repeat(2).slice(0, 128);
    expect((await browser.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: long })).status).toBe(200);
  });

  it('needs the current password, and wrong guesses count towards the lockout', async () => {
    const { browser, staff } = await harness.signedIn('COACH');
    const wrong = await browser.post('/api/auth/password', { currentPassword: 'a guess at it', newPassword: NEW_PASSWORD });
    expect(wrong).toMatchObject({ status: 400, body: { error: { message: 'currentPassword: is not your current password' } } });
    expect((await harness.db.staff.findUniqueOrThrow({ where: { id: staff.id } })).failedSignIns).toBe(1);
    for (let guess = 2; guess <= 5; guess++) await browser.post('/api/auth/password', { currentPassword: `guess ${guess}`, newPassword: NEW_PASSWORD });
    const locked = await browser.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(locked).toMatchObject({ status: 429, body: { error: { code: 'too-many-requests' } } });
    expect(locked.headers.get('retry-after')).toBe('900');
  });

  it('needs the CSRF token', async () => {
    const { browser } = await harness.signedIn('COACH');
    const answer = await browser.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, { csrf: false });
    expect(answer).toMatchObject({ status: 403, body: { error: { message: 'Missing or invalid CSRF token' } } });
  });

  it('signs out every other session and keeps this one', async () => {
    const { staff } = await harness.staff('COACH');
    const here = harness.browser();
    const elsewhere = harness.browser();
    await here.signIn(staff.email, PASSWORD);
    await elsewhere.signIn(staff.email, PASSWORD);
    const oldCookie = here.cookie;

    const answer = await here.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
    expect(answer.status).toBe(200);
    expect(answer.sessionCookie).toMatch(/^lantern_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=1800$/);
    expect((await here.get('/api/test/coach')).status).toBe(200);
    expect((await here.post('/api/test/coach', {})).status).toBe(200);
    expect((await elsewhere.get('/api/test/coach')).status).toBe(401);
    // The cookie this browser had before the change is one of the "other" sessions now.
    const replay = harness.browser();
    replay.cookie = oldCookie;
    expect((await replay.get('/api/test/coach')).status).toBe(401);
    expect((await harness.browser().signIn(staff.email, NEW_PASSWORD)).status).toBe(200);
    expect((await harness.browser().signIn(staff.email, PASSWORD)).status).toBe(401);
  });
});
