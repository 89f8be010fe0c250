import fc from 'fast-check';
import { OPERATIONS, type Operation } from '../../src/api/openapi';
import { base32Decode, newTotpSecret, totp } from '../../src/api/auth/totp';
import { CATEGORIES } from '../../src/domain/assets/asset-input';
import { storable } from '../../src/lib/text';
import { createApiToken } from '../../src/domain/api-tokens/create-api-token';
import { createStaff } from '../../src/domain/staff/create-staff';
import { signIn, withToken, type ApiClient } from '../helpers/api-client';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';
import { hostileButValidMessage, hostileString, wellFormed } from './arbitraries';
import { changedCounts, expectClean, expectPrototypeUntouched, expectStillServing, HANG_MS, rowCounts, runs, send, type FuzzResponse, type SmsService } from './fuzz-harness';
import { bodiesFor, pathsFor, queriesFor, type KnownIds, type WireBody } from './operation-inputs';
import { FUZZED_ELSEWHERE, restifyRoute, RouteTally } from './public-routes';

const PASSWORD = 'correct horse battery staple 42';
const RUNS_PER_OPERATION = runs(50);

// Who a request comes from: the callers a route is for, and the ones it must turn away.
type Caller = { name: string; headers: (method: string) => Record<string, string> };

describe(`fuzzing the JSON API in OPERATIONS (${testProvider})`, () => {
  let sms: SmsService;
  let ids: KnownIds;
  const callers: Record<string, Caller> = {};
  const tally = new RouteTally();

  const fromClient = (name: string, client: ApiClient, csrf = true): Caller => ({
    name,
    headers: (method) => ({
      ...(client.cookie ? { Cookie: client.cookie } : {}),
      ...(client.csrfToken && csrf && method !== 'GET' ? { 'X-CSRF-Token': client.csrfToken } : {}),
    }),
  });

  beforeAll(async () => {
    sms = await startSmsService();
    const db = sms.db();
    const demo = sms.service.demo!;
    const organisationId = (await db.organisation.findFirstOrThrow()).id;
    const practice = await db.practice.findFirstOrThrow();
    const coach = await signIn(sms.service.url, demo.coach.email, demo.coach.password);
    const practiceStaff = await signIn(sms.service.url, demo.practiceStaff.email, demo.practiceStaff.password);
    const { staff: adminStaff } = await createStaff(db, { organisationId, email: 'admin@fuzz.test', displayName: 'Fuzz Admin', role: 'ADMIN', password: PASSWORD });
    const secret = newTotpSecret();
    await db.staff.update({ where: { id: adminStaff.id }, data: { totpSecret: secret, totpEnabledAt: new Date() } });
    const admin = await signIn(sms.service.url, 'admin@fuzz.test', PASSWORD, totp(base32Decode(secret), Date.now()));
    const orgToken = (await createApiToken(db, { organisationId, name: 'fuzz script' })).token;
    const practiceToken = (await createApiToken(db, { organisationId, practiceId: practice.id, name: 'fuzz practice tool' })).token;
    const bearer = (name: string, token: string): Caller => ({ name, headers: () => ({ Authorization: `Bearer ${token}` }) });
    Object.assign(callers, {
      coach: fromClient('coach', coach),
      admin: fromClient('admin', admin),
      practice: fromClient('practice staff', practiceStaff),
      coachWithoutCsrf: fromClient('coach without CSRF token', coach, false),
      orgToken: bearer('organisation token', orgToken),
      practiceToken: bearer('practice token', practiceToken),
      anonymous: { name: 'nobody', headers: () => ({}) },
      forgedCookie: { name: 'forged cookie', headers: () => ({ Cookie: 'lantern_session=eyJhbGciOi.%E0%A4%A.<script>; lantern_session=x', 'X-CSRF-Token': coach.csrfToken }) },
      badBearer: { name: 'bad bearer', headers: () => ({ Authorization: `Bearer lantern_${'A'.repeat(3000)}` }) },
      oddBearer: { name: 'odd bearer', headers: () => ({ Authorization: 'Bearer  lantern_x y z' }) },
    });

    // People, an urgent flag, what matters, an asset and a connection, so generated requests can
    // name things that exist and get past "not found".
    const phone = sms.nextPhone();
    for (const text of ['hello', 'call me Jo', 'I love gardening', 'can I speak to a real person']) {
      await sms.say(phone, text);
      await sms.settle();
    }
    const worried = sms.nextPhone();
    for (const text of ['hello', 'skip', 'think im going to end my life']) {
      await sms.say(worried, text);
      await sms.settle();
    }
    const person = await db.person.findFirstOrThrow({ where: { phone } });
    const asset = await coach.post('/api/assets', { name: 'Allotment club', categories: ['PASSIONS_AND_INTERESTS'], area: 'M9' });
    if (asset.status !== 201) throw new Error(`fixture asset: ${JSON.stringify(asset.body)}`);
    const item = await db.whatMattersItem.findFirst({ where: { personId: person.id } });
    const connection = await coach.post(`/api/people/${person.id}/connections`, { assetId: asset.body.id, ...(item ? { whatMattersId: item.id } : {}) });
    await sms.settle();
    const rows = await Promise.all([db.person.findMany(), db.urgentFlag.findMany(), db.whatMattersItem.findMany(), db.staff.findMany(), db.connection.findMany()]);
    ids = {
      uuids: [...new Set([...rows.flat().map((row) => row.id), asset.body.id as string, connection.body?.id as string].filter(Boolean))],
      words: [...CATEGORIES, practice.odsCode, 'M9', '2026-09-01', '2026-12-01', '0000-01-01', '0001-01-01', '1969-12-31', '2026-02-29', '2024-02-29', '9999-12-31', '2026-00-10', '275760-09-13', sms.nextPhone(), '07700 900123'],
    };
    sms.twilioApi.reset();
  }, 120_000);
  afterAll(async () => {
    if (process.env.FUZZ_VERBOSE) console.log(tally.summary());
    await sms.stop();
  });

  /** The callers a route is meant for, mostly; sometimes someone it must refuse. */
  function callerFor(op: Operation): fc.Arbitrary<Caller> {
    const meant = op.auth === 'admin' ? ['admin'] : op.auth === 'referrer' ? ['practice', 'practiceToken', 'admin'] : op.auth === 'session' ? ['coach', 'admin'] : ['coach', 'orgToken', 'admin'];
    const others = Object.keys(callers).filter((name) => !meant.includes(name));
    return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...meant) }, { weight: 1, arbitrary: fc.constantFrom(...others) }).map((name) => callers[name] as Caller);
  }

  async function call(op: Operation, caller: Caller, path: string, query: string, body: WireBody): Promise<FuzzResponse> {
    const method = op.method.toUpperCase();
    const headers: Record<string, string> = { ...caller.headers(method) };
    if (method !== 'GET' && body.contentType) headers['Content-Type'] = body.contentType;
    const url = `${sms.service.url}${path}${query}`;
    if (op.path === '/api/inbox/events') return openStream(url, headers);
    return send(url, { method, headers, ...(method !== 'GET' && body.body !== null ? { body: typeof body.body === 'string' ? body.body : new Uint8Array(body.body) } : {}) });
  }

  // Server-sent events never end by design: the answer is its status and headers.
  async function openStream(url: string, headers: Record<string, string>): Promise<FuzzResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), HANG_MS);
    try {
      const response = await fetch(url, { headers, signal: controller.signal });
      const contentType = response.headers.get('content-type') ?? '';
      const text = contentType.startsWith('text/event-stream') ? '' : await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // the stream, or not JSON
      }
      return { status: response.status, text, body, contentType, ms: 0 };
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
  }

  describe.each(OPERATIONS.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op] as const))('%s', (name, op) => {
    it('answers hostile input with success or a clean JSON 4xx, stores nothing when it refuses, and keeps serving', async () => {
      const db = sms.db();
      await fc.assert(
        fc.asyncProperty(callerFor(op), pathsFor(op, ids), queriesFor(op, ids), bodiesFor(op, ids), async (caller, path, query, body) => {
          const before = await rowCounts(db);
          const response = await call(op, caller, path, query, body);
          tally.record(restifyRoute(op.method, op.path), response.status);
          const what = `${name} as ${caller.name} at ${path}${query.slice(0, 200)} with ${body.describe}`;
          expectClean(response, what, { json: !response.contentType.startsWith('text/csv') && !response.contentType.startsWith('text/event-stream') });
          if (response.status >= 400) {
            const changed = changedCounts(before, await rowCounts(db));
            if (changed.length) throw new Error(`${what}: refused with ${response.status} but changed ${changed.join(', ')}`);
          } else {
            await sms.settle();
          }
          expectPrototypeUntouched();
        }),
        { numRuns: RUNS_PER_OPERATION },
      );
      await expectStillServing(sms.serverUrl);
    });
  });

  it('keeps a coach\'s hostile-but-valid notes and replies whole, and the reply reaches the person', async () => {
    const person = await sms.db().person.findFirstOrThrow({ where: { preferredName: 'Jo' } });
    const coach = callers.coach as Caller;
    await fc.assert(
      fc.asyncProperty(hostileButValidMessage, fc.constantFrom('notes', 'replies'), async (raw, kind) => {
        const text = wellFormed(raw);
        const response = await send(`${sms.service.url}/api/people/${person.id}/${kind}`, {
          method: 'POST',
          headers: { ...coach.headers('POST'), 'Content-Type': 'application/json' },
          body: JSON.stringify(kind === 'notes' ? { body: text } : { text }),
        });
        expectClean(response, `${kind} with ${JSON.stringify(text).slice(0, 100)}`);
        if (response.status !== 201) throw new Error(`a valid ${kind} was refused: ${response.text}`);
        await sms.settle();
        if (kind === 'notes') {
          const note = await sms.db().coachNote.findUniqueOrThrow({ where: { id: (response.body as { id: string }).id } });
          expect(note.body).toBe(storable(text).trim());
        } else {
          const [sent] = (response.body as { messages: Array<{ id: string }> }).messages;
          const stored = await sms.db().message.findUniqueOrThrow({ where: { id: sent!.id } });
          expect(stored.body).toBe(storable(text).trim());
          expect(sms.sentTo(person.phone!).map((m) => m.body)).toContain(storable(text).trim());
        }
      }),
      { numRuns: runs(40) },
    );
  });

  it('refuses a body bigger than the route takes with a JSON 413, storing nothing', async () => {
    const person = await sms.db().person.findFirstOrThrow({ where: { preferredName: 'Jo' } });
    const before = await rowCounts(sms.db());
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('notes', 'replies', 'pause', 'claim'), fc.integer({ min: 70, max: 2048 }), hostileString, async (route, kb, filler) => {
        const response = await send(`${sms.service.url}/api/people/${person.id}/${route}`, {
          method: 'POST',
          headers: { ...(callers.coach as Caller).headers('POST'), 'Content-Type': 'application/json' },
          body: JSON.stringify({ body: `${wellFormed(filler)}${'x'.repeat(kb * 1024)}` }),
        });
        expectClean(response, `${kb} KB to ${route}`);
        expect(response.status).toBe(413);
      }),
      { numRuns: runs(10) },
    );
    expect(changedCounts(before, await rowCounts(sms.db()))).toEqual([]);
  });

  it('fuzzed every documented operation past authentication, and every mounted route is documented or fuzzed elsewhere', () => {
    const documented = OPERATIONS.map((op) => restifyRoute(op.method, op.path));
    expect(tally.missing(documented, RUNS_PER_OPERATION)).toEqual([]);
    const routes = Object.values(sms.service.server.router.getRoutes() as unknown as Record<string, { method: string; path: string }>).map((r) => `${r.method} ${r.path}`);
    const uncovered = routes.filter((route) => !documented.includes(route) && !(route in FUZZED_ELSEWHERE));
    expect(uncovered).toEqual([]);
  });
});
