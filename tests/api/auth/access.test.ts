import { base32Decode, newTotpSecret, totp } from '../../../src/api/auth/totp';
import { createApiToken } from '../../../src/domain/api-tokens/create-api-token';
import { testProvider } from '../../helpers/test-database';
import { PASSWORD, startAuthHarness, type AuthHarness } from './auth-harness';

const CSRF_REFUSED = { error: { code: 'forbidden', message: 'Missing or invalid CSRF token' } };

describe(`CSRF protection (${testProvider})`, () => {
  let harness: AuthHarness;
  beforeAll(async () => {
    harness = await startAuthHarness();
  });
  afterAll(() => harness.close());

  it('refuses a POST made with the cookie but without the token, or with a wrong one', async () => {
    const { browser } = await harness.signedIn('COACH');
    expect(await browser.post('/api/test/coach', {}, { csrf: false })).toMatchObject({ status: 403, body: CSRF_REFUSED });
    expect(await browser.post('/api/test/coach', {}, { csrf: false, headers: { 'X-CSRF-Token': 'not-the-token' } })).toMatchObject({ status: 403, body: CSRF_REFUSED });
    expect(await browser.post('/api/test/coach', {}, { csrf: false, headers: { 'X-CSRF-Token': '' } })).toMatchObject({ status: 403, body: CSRF_REFUSED });
    expect(await browser.post('/api/test/coach', {})).toMatchObject({ status: 200, body: { principal: { kind: 'staff' } } });
  });

  it('refuses the token of another session, even the same person\'s', async () => {
    const { browser, staff } = await harness.signedIn('COACH');
    const other = harness.browser();
    await other.signIn(staff.email, PASSWORD);
    const answer = await browser.post('/api/test/coach', {}, { csrf: false, headers: { 'X-CSRF-Token': other.csrfToken! } });
    expect(answer).toMatchObject({ status: 403, body: CSRF_REFUSED });
  });

  it('needs no token to read', async () => {
    const { browser } = await harness.signedIn('COACH');
    expect((await browser.get('/api/test/coach')).status).toBe(200);
  });

  it('checks every state-changing method', async () => {
    const { browser } = await harness.signedIn('COACH');
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const response = await fetch(`${harness.url}/api/test/methods`, { method, headers: { Cookie: `lantern_session=${browser.cookie}` } });
      expect({ method, status: response.status, body: await response.json() }).toEqual({ method, status: 403, body: CSRF_REFUSED });
      const withToken = await fetch(`${harness.url}/api/test/methods`, { method, headers: { Cookie: `lantern_session=${browser.cookie}`, 'X-CSRF-Token': browser.csrfToken! } });
      expect(withToken.status).toBe(200);
    }
  });
});

describe(`API tokens (${testProvider})`, () => {
  let harness: AuthHarness;
  beforeAll(async () => {
    harness = await startAuthHarness();
  });
  afterAll(() => harness.close());

  const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });

  it('authenticate a script as its organisation, without a CSRF token', async () => {
    const { apiToken, token } = await createApiToken(harness.db, { organisationId: harness.organisationId, name: 'Reporting script' });
    const browser = harness.browser();
    const read = await browser.get('/api/test/coach', bearer(token));
    expect(read).toMatchObject({ status: 200, body: { principal: { kind: 'api-token', tokenId: apiToken.id, organisationId: harness.organisationId, practiceId: null } } });
    expect(read.sessionCookie).toBeUndefined();
    expect((await browser.post('/api/test/coach', {}, bearer(token))).status).toBe(200);
  });

  it('note when a token was last used, at most once a minute', async () => {
    const { apiToken, token } = await createApiToken(harness.db, { organisationId: harness.organisationId, name: 'Nightly export' });
    const lastUsed = async () => (await harness.db.apiToken.findUniqueOrThrow({ where: { id: apiToken.id } })).lastUsedAt?.getTime();
    const browser = harness.browser();
    const first = harness.clock.now().getTime();
    await browser.get('/api/test/coach', bearer(token));
    expect(await lastUsed()).toBe(first);
    harness.clock.advance(59_000);
    await browser.get('/api/test/coach', bearer(token));
    expect(await lastUsed()).toBe(first);
    harness.clock.advance(2_000);
    await browser.get('/api/test/coach', bearer(token));
    expect(await lastUsed()).toBe(first + 61_000);
  });

  it('refuse a revoked, unknown or malformed token', async () => {
    const { apiToken, token } = await createApiToken(harness.db, { organisationId: harness.organisationId, name: 'Old script' });
    await harness.db.apiToken.update({ where: { id: apiToken.id }, data: { revokedAt: harness.clock.now() } });
    const invalid = { status: 401, body: { error: { code: 'unauthorised', message: 'This API token is not valid, or has been revoked.' } } };
    expect(await harness.browser().get('/api/test/coach', bearer(token))).toMatchObject(invalid);
    expect(await harness.browser().get('/api/test/coach', bearer(`${token.slice(0, -4)}AAAA`))).toMatchObject(invalid);
    expect(await harness.browser().get('/api/test/coach', bearer('not-a-lantern-token'))).toMatchObject(invalid);
    expect(await harness.browser().get('/api/test/coach', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } })).toMatchObject({ status: 401 });
  });

  it('are never admins, and only reach routes that take tokens', async () => {
    const { token } = await createApiToken(harness.db, { organisationId: harness.organisationId, name: 'Script' });
    expect(await harness.browser().get('/api/test/admin', bearer(token))).toMatchObject({ status: 403 });
    expect(await harness.browser().get('/api/test/no-tokens', bearer(token))).toMatchObject({ status: 403 });
    expect(await harness.browser().get('/api/auth/me', bearer(token))).toMatchObject({ status: 403 });
  });

  it("act for a practice where practice staff may, and nowhere else", async () => {
    const practice = await harness.db.practice.findFirstOrThrow();
    const { token } = await createApiToken(harness.db, { organisationId: harness.organisationId, practiceId: practice.id, name: 'Surgery texting tool' });
    expect(await harness.browser().get('/api/test/coach', bearer(token))).toMatchObject({ status: 403 });
    expect(await harness.browser().get('/api/test/practice', bearer(token))).toMatchObject({ status: 200, body: { principal: { kind: 'api-token', practiceId: practice.id } } });
  });
});

describe(`roles (${testProvider})`, () => {
  let harness: AuthHarness;
  beforeAll(async () => {
    harness = await startAuthHarness();
  });
  afterAll(() => harness.close());

  it('lets coaches and admins in by default and refuses practice staff', async () => {
    const { browser: coach } = await harness.signedIn('COACH');
    const { browser: practice, staff: practiceStaff } = await harness.signedIn('PRACTICE');
    expect((await coach.get('/api/test/coach')).status).toBe(200);
    expect(await practice.get('/api/test/coach')).toMatchObject({ status: 403, body: { error: { code: 'forbidden', message: 'Your account cannot use this.' } } });
    expect(await practice.get('/api/test/practice')).toMatchObject({ status: 200, body: { principal: { role: 'PRACTICE', practiceId: practiceStaff.practiceId } } });
    // Practice staff still have their own session routes.
    expect((await practice.get('/api/auth/me')).status).toBe(200);
  });

  it('keeps admin-only routes for admins', async () => {
    const { browser: coach } = await harness.signedIn('COACH');
    expect((await coach.get('/api/test/admin')).status).toBe(403);
    const { staff: admin } = await harness.staff('ADMIN');
    // An admin with two-step sign-in on (two-step.test.ts covers the set-up gate).
    const secret = newTotpSecret();
    await harness.db.staff.update({ where: { id: admin.id }, data: { totpSecret: secret, totpEnabledAt: harness.clock.now() } });
    const browser = harness.browser();
    await browser.signIn(admin.email, PASSWORD, totp(base32Decode(secret), harness.clock.now().getTime()));
    expect(await browser.get('/api/test/admin')).toMatchObject({ status: 200, body: { principal: { role: 'ADMIN' } } });
  });
});
