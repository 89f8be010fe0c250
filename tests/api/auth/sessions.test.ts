import { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS } from '../../../src/api/auth';
import { testProvider } from '../../helpers/test-database';
import { PASSWORD, startAuthHarness, type AuthHarness } from './auth-harness';

const MINUTE = 60_000;
const ENDED = { error: { code: 'unauthorised', message: 'Your session has ended. Sign in again.' } };

describe(`sessions (${testProvider})`, () => {
  let harness: AuthHarness;
  beforeAll(async () => {
    harness = await startAuthHarness();
  });
  afterAll(() => harness.close());

  it('asks to sign in when there is no cookie', async () => {
    expect(await harness.browser().get('/api/test/coach')).toMatchObject({ status: 401, body: { error: { code: 'unauthorised', message: 'Sign in to continue.' } } });
    expect((await harness.browser().get('/api/auth/me')).status).toBe(401);
  });

  it('tells the inbox who is signed in, with the CSRF token of this session', async () => {
    const { browser, staff } = await harness.signedIn('COACH');
    const token = browser.csrfToken;
    browser.csrfToken = undefined;
    const me = await browser.get('/api/auth/me');
    expect(me).toMatchObject({ status: 200, body: { staff: { id: staff.id, email: staff.email, role: 'COACH' }, csrfToken: token, totpRequired: false } });
    expect(me.headers.get('cache-control')).toBe('no-store');
  });

  it(`ends after ${IDLE_TIMEOUT_MS / MINUTE} minutes without a request, and clears the cookie`, async () => {
    const { browser } = await harness.signedIn('COACH');
    harness.clock.advance(IDLE_TIMEOUT_MS);
    expect((await browser.get('/api/test/coach')).status).toBe(200);
    harness.clock.advance(IDLE_TIMEOUT_MS + 1);
    const ended = await browser.get('/api/test/coach');
    expect(ended).toMatchObject({ status: 401, body: ENDED });
    expect(ended.sessionCookie).toMatch(/^lantern_session=; .*Max-Age=0/);
    expect(browser.cookie).toBeUndefined();
  });

  it('moves last-seen forward at most once a minute, and an old cookie still times out from its own last-seen', async () => {
    const { browser } = await harness.signedIn('COACH');
    const signedInCookie = browser.cookie;
    harness.clock.advance(30_000);
    expect((await browser.get('/api/test/coach')).sessionCookie).toBeUndefined();
    harness.clock.advance(30_000);
    const slid = await browser.get('/api/test/coach');
    expect(slid.sessionCookie).toMatch(/^lantern_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=1800$/);
    expect(browser.cookie).not.toBe(signedInCookie);

    // 29 minutes on: the re-issued cookie is 29 minutes idle, the original one 30 and a bit.
    harness.clock.advance(29 * MINUTE + 1);
    const stale = harness.browser();
    stale.cookie = signedInCookie;
    expect((await stale.get('/api/test/coach')).status).toBe(401);
    expect((await browser.get('/api/test/coach')).status).toBe(200);
  });

  it(`ends ${ABSOLUTE_TIMEOUT_MS / (60 * MINUTE)} hours after sign-in however busy`, async () => {
    const { browser } = await harness.signedIn('COACH');
    for (let elapsed = 0; elapsed < ABSOLUTE_TIMEOUT_MS; elapsed += 20 * MINUTE) {
      expect((await browser.get('/api/test/coach')).status).toBe(200);
      harness.clock.advance(20 * MINUTE);
    }
    // Exactly 12 hours: still in. The browser is told to keep the cookie no longer than that.
    const kept = harness.browser();
    kept.cookie = browser.cookie;
    const last = await browser.get('/api/test/coach');
    expect(last.status).toBe(200);
    expect(last.sessionCookie).toMatch(/Max-Age=0$/);
    // A browser that kept the cookie anyway is refused by the server.
    harness.clock.advance(1);
    expect(await kept.get('/api/test/coach')).toMatchObject({ status: 401, body: ENDED });
  });

  it('refuses a cookie that was altered or signed with another key', async () => {
    const { browser, staff: victim } = await harness.signedIn('COACH');
    const { staff: other } = await harness.signedIn('ADMIN');
    const [payload, mac] = browser.cookie!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, stf: other.id })).toString('base64url');
    for (const cookie of [`${forged}.${mac}`, `${payload}.${mac!.slice(0, -2)}AA`, payload!, 'nonsense', `${payload}.${mac}.${mac}`]) {
      const tampered = harness.browser();
      tampered.cookie = cookie;
      expect(await tampered.get('/api/test/coach')).toMatchObject({ status: 401 });
    }
    expect(claims.stf).toBe(victim.id);

    const elsewhere = await startAuthHarness({ SESSION_SECRET: 'another-deployment-secret-that-is-long-enough' });
    try {
      const { browser: theirs } = await elsewhere.signedIn('COACH');
      const replayed = harness.browser();
      replayed.cookie = theirs.cookie;
      expect((await replayed.get('/api/test/coach')).status).toBe(401);
    } finally {
      await elsewhere.close();
    }
  });

  it('ends when the account is switched off', async () => {
    const { browser, staff } = await harness.signedIn('COACH');
    await harness.db.staff.update({ where: { id: staff.id }, data: { disabledAt: harness.clock.now() } });
    expect(await browser.get('/api/test/coach')).toMatchObject({ status: 401, body: ENDED });
  });

  it('signs out this browser only, with the CSRF token', async () => {
    const { staff } = await harness.staff('COACH');
    const here = harness.browser();
    const there = harness.browser();
    await here.signIn(staff.email, PASSWORD);
    await there.signIn(staff.email, PASSWORD);

    expect(await here.post('/api/auth/sign-out', undefined, { csrf: false })).toMatchObject({ status: 403, body: { error: { message: 'Missing or invalid CSRF token' } } });
    const out = await here.post('/api/auth/sign-out');
    expect(out.status).toBe(204);
    expect(out.sessionCookie).toMatch(/^lantern_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expect(here.cookie).toBeUndefined();
    expect((await there.get('/api/test/coach')).status).toBe(200);
    // Signing out again (nothing to end) is fine.
    expect((await here.post('/api/auth/sign-out')).status).toBe(204);
  });

  it('signs out everywhere: every session of that person ends, other people stay in', async () => {
    const { staff } = await harness.staff('COACH');
    const laptop = harness.browser();
    const phone = harness.browser();
    await laptop.signIn(staff.email, PASSWORD);
    await phone.signIn(staff.email, PASSWORD);
    const { browser: colleague } = await harness.signedIn('COACH');

    expect((await laptop.post('/api/auth/sign-out-everywhere', undefined, { csrf: false })).status).toBe(403);
    const answer = await laptop.post('/api/auth/sign-out-everywhere');
    expect(answer.status).toBe(204);
    expect(laptop.cookie).toBeUndefined();
    expect(await phone.get('/api/test/coach')).toMatchObject({ status: 401, body: ENDED });
    expect((await colleague.get('/api/test/coach')).status).toBe(200);
    expect(await harness.db.auditEvent.count({ where: { action: 'staff.signed-out-everywhere', actorStaffId: staff.id } })).toBe(1);

    // Signing in again afterwards works (in the same millisecond, even).
    expect((await phone.signIn(staff.email, PASSWORD)).status).toBe(200);
    expect((await phone.get('/api/test/coach')).status).toBe(200);
  });
});
