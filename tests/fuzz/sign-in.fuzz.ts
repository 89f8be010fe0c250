import fc from 'fast-check';
import { createStaff } from '../../src/domain/staff/create-staff';
import { signIn } from '../helpers/api-client';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';
import { anyValue, hostileString, POLLUTING_KEYS, pollutionPayload, wellFormed, withOwnKey, wrongTypeValue } from './arbitraries';
import { changedCounts, expectClean, expectPrototypeUntouched, expectStillServing, rowCounts, runs, send, type RowCounts, type SmsService } from './fuzz-harness';
import { routesFor, RouteTally } from './public-routes';

// The sign-in routes are the most attacked of all. Whatever they are sent: a clean JSON answer,
// never a 5xx, no session for a wrong password, and nothing stored but the audit of a failure.

const EMAIL = 'fuzz.coach@fuzz.test';
const STAFF_ROUTES = ['/api/auth/me', '/api/auth/password', '/api/auth/totp/setup', '/api/auth/totp/confirm', '/api/auth/totp/disable', '/api/auth/sign-out-everywhere', '/api/auth/sign-out'] as const;

describe(`fuzzing sign-in and the staff's own routes (${testProvider})`, () => {
  let sms: SmsService;
  let password = 'correct horse battery staple 42';
  const tally = new RouteTally();
  beforeAll(async () => {
    sms = await startSmsService();
    const organisationId = (await sms.db().organisation.findFirstOrThrow()).id;
    await createStaff(sms.db(), { organisationId, email: EMAIL, displayName: 'Fuzz Coach', role: 'COACH', password });
  });
  afterAll(() => sms.stop());

  /** Only failures may be written: their audit events (counted apart) and nothing else. */
  const withoutAudit = (counts: RowCounts) => ({ ...counts, AuditEvent: 0 });

  const bodyLike = (fields: Record<string, fc.Arbitrary<unknown>>) =>
    fc.oneof(
      { weight: 4, arbitrary: fc.record(fields, { requiredKeys: [] }) },
      { weight: 1, arbitrary: fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.constantFrom(...POLLUTING_KEYS), pollutionPayload).map(([body, key, value]) => withOwnKey({ ...body }, key, value)) },
      { weight: 1, arbitrary: anyValue },
    );
  const text = (right: fc.Arbitrary<string>) => fc.oneof({ weight: 2, arbitrary: right }, { weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: wrongTypeValue });
  const encodings = fc.constantFrom('json', 'json', 'json', 'form', 'text', 'none', 'broken');

  function encode(body: unknown, encoding: string): { headers: Record<string, string>; body?: string } {
    const json = JSON.stringify(body) ?? 'null';
    if (encoding === 'form') return { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(typeof body === 'object' && body ? Object.entries(body).map(([k, v]) => [k, wellFormed(typeof v === 'string' ? v : JSON.stringify(v) ?? '')]) : []).toString() };
    if (encoding === 'text') return { headers: { 'Content-Type': 'text/plain' }, body: json };
    if (encoding === 'none') return { headers: {} };
    if (encoding === 'broken') return { headers: { 'Content-Type': 'application/json' }, body: json.slice(0, -1) };
    return { headers: { 'Content-Type': 'application/json' }, body: json };
  }

  it('answers the staff\'s own routes cleanly whatever a signed-in (or not) browser sends', async () => {
    const db = sms.db();
    const body = bodyLike({
      currentPassword: text(fc.constant(null).map(() => password)),
      newPassword: text(fc.constantFrom('another long passphrase 9876', 'password', 'x'.repeat(2000))),
      code: text(fc.stringMatching(/^\d{6}$/)),
    });
    const auth = fc.constantFrom('session', 'session', 'session', 'no csrf', 'forged cookie', 'nothing', 'api token');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...STAFF_ROUTES), auth, body, encodings, async (route, as, value, encoding) => {
        // Wrong current passwords and codes lock the account (rightly): unlock it for the next run.
        await db.staff.update({ where: { email: EMAIL }, data: { failedSignIns: 0, lockedUntil: null } });
        const session = as === 'session' || as === 'no csrf' ? await signIn(sms.service.url, EMAIL, password) : null;
        const headers: Record<string, string> = {
          ...(session ? { Cookie: session.cookie } : {}),
          ...(as === 'session' ? { 'X-CSRF-Token': session!.csrfToken } : {}),
          ...(as === 'forged cookie' ? { Cookie: `lantern_session=${'A'.repeat(500)}.%ff%00` } : {}),
          ...(as === 'api token' ? { Authorization: 'Bearer lantern_not_a_real_token' } : {}),
        };
        const wire = encode(value, encoding);
        const before = await rowCounts(db);
        const method = route === '/api/auth/me' ? 'GET' : 'POST';
        const response = await send(`${sms.service.url}${route}`, { method, headers: { ...headers, ...(method === 'POST' ? wire.headers : {}) }, ...(method === 'POST' && wire.body !== undefined ? { body: wire.body } : {}) });
        tally.record(`${method} ${route}`, response.status);
        const what = `${method} ${route} as ${as} with ${(wire.body ?? '').slice(0, 200)}`;
        expectClean(response, what);
        if (route === '/api/auth/password' && response.status === 200) password = (value as { newPassword: string }).newPassword;
        if (response.status >= 400) {
          const changed = changedCounts(withoutAudit(before), withoutAudit(await rowCounts(db)));
          if (changed.length) throw new Error(`${what}: refused with ${response.status} but changed ${changed.join(', ')}`);
        }
        expectPrototypeUntouched();
      }),
      { numRuns: runs(100) },
    );
    await expectStillServing(sms.serverUrl);
  });

  // Last: the throttle turns this address away after enough failures, and that must stay clean too.
  it('never signs in with a wrong password, and answers every sign-in attempt cleanly', async () => {
    const db = sms.db();
    const body = bodyLike({
      email: text(fc.constantFrom(EMAIL, EMAIL.toUpperCase(), ` ${EMAIL} `, 'nobody@fuzz.test', `${EMAIL}\u0000`)),
      password: text(fc.constantFrom('wrong', `${password}x`, '')),
      code: text(fc.stringMatching(/^\d{6}$/)),
    });
    await fc.assert(
      fc.asyncProperty(body, encodings, async (value, encoding) => {
        const wire = encode(value, encoding);
        const before = await rowCounts(db);
        const response = await send(`${sms.service.url}/api/auth/sign-in`, { method: 'POST', headers: wire.headers, ...(wire.body !== undefined ? { body: wire.body } : {}) });
        tally.record('POST /api/auth/sign-in', response.status);
        const what = `sign-in with ${(wire.body ?? '').slice(0, 200)}`;
        expectClean(response, what);
        expect(response.status).not.toBe(200);
        const changed = changedCounts(withoutAudit(before), withoutAudit(await rowCounts(db)));
        if (changed.length) throw new Error(`${what}: changed ${changed.join(', ')}`);
        expectPrototypeUntouched();
      }),
      { numRuns: runs(100) },
    );
    await expectStillServing(sms.serverUrl);
  });

  it('exercised every sign-in route', () => {
    expect(tally.missing(routesFor('sign-in'), 5)).toEqual([]);
  });
});
