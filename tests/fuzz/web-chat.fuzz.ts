import fc from 'fast-check';
import { storable } from '../../src/lib/text';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';
import { waitFor } from '../helpers/wait-for';
import { anyValue, hostileButValidMessage, hostilePathSegment, hostileQueryPart, hostileString, POLLUTING_KEYS, wellFormed, withOwnKey, wrongTypeValue } from './arbitraries';
import { changedCounts, expectClean, expectPrototypeUntouched, expectStillServing, rowCounts, runs, send, type SmsService } from './fuzz-harness';
import { routesFor, RouteTally } from './public-routes';

// The web chat's Direct Line API is public: anyone can mint a token. Everything after that is
// checked against the token, and what a visitor posts is stored whole or refused, never half.

const DL = '/v3/directline';

describe(`fuzzing web chat's Direct Line API (${testProvider})`, () => {
  let sms: SmsService;
  const tally = new RouteTally();
  beforeAll(async () => {
    sms = await startSmsService();
  });
  afterAll(() => sms.stop());

  async function call(route: string, path: string, init: RequestInit = {}) {
    const response = await send(`${sms.serverUrl}${path}`, init);
    tally.record(route, response.status);
    return response;
  }
  const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({ method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  async function visitor(): Promise<{ conversationId: string; token: string }> {
    const generated = await call(`POST ${DL}/tokens/generate`, `${DL}/tokens/generate`, json({}));
    expect(generated.status).toBe(200);
    return generated.body as { conversationId: string; token: string };
  }

  it('mints and refreshes tokens for any body without storing anything, or refuses cleanly', async () => {
    const db = sms.db();
    const { token } = await visitor();
    const before = await rowCounts(db);
    const body = fc.oneof(
      fc.record({ ref: fc.oneof(hostileString, wrongTypeValue, fc.stringMatching(/^[A-Za-z0-9_-]{22}$/)), practice: fc.oneof(hostileString, wrongTypeValue, fc.constantFrom('LNT001', 'lnt001', 'NOPE99')) }, { requiredKeys: [] }),
      anyValue,
      fc.tuple(fc.constantFrom(...POLLUTING_KEYS), anyValue).map(([key, value]) => withOwnKey({}, key, value)),
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'), async (value, contentType) => {
        const encoded = contentType === 'application/x-www-form-urlencoded' && value && typeof value === 'object' ? new URLSearchParams(Object.entries(value).map(([k, v]) => [k, wellFormed(typeof v === 'string' ? v : JSON.stringify(v) ?? '')])).toString() : JSON.stringify(value) ?? '';
        const response = await call(`POST ${DL}/tokens/generate`, `${DL}/tokens/generate`, { method: 'POST', headers: { 'Content-Type': contentType }, body: encoded });
        expectClean(response, `generate with ${encoded.slice(0, 200)}`);
        const refreshed = await call(`POST ${DL}/tokens/refresh`, `${DL}/tokens/refresh`, { method: 'POST', headers: { 'Content-Type': contentType, ...bearer(token) }, body: encoded });
        expectClean(refreshed, `refresh with ${encoded.slice(0, 200)}`);
        expectPrototypeUntouched();
      }),
      { numRuns: runs(100) },
    );
    expect(changedCounts(before, await rowCounts(db))).toEqual([]);
  });

  it('turns away forged, damaged and mismatched tokens on every conversation route, storing nothing', async () => {
    const db = sms.db();
    const { conversationId, token } = await visitor();
    const other = await visitor();
    const [header, payload] = token.split('.') as [string, string, string];
    const forged = fc.oneof(
      hostileString.map((s) => wellFormed(s).replace(/[^\x21-\x7e]/g, '').slice(0, 4000)),
      fc.constant(`${header}.${payload}.`),
      fc.constant(`${header}.${Buffer.from(JSON.stringify({ conv: conversationId, user: conversationId, iat: 0, exp: 9e12, resume: 9e12 })).toString('base64url')}.AAAA`),
      fc.constant(`${header}.${payload}.${'A'.repeat(43)}`),
      fc.constant(other.token),
      fc.constant(`${token}x`),
      fc.constant('a.b.c.d'),
    );
    const authorization = fc.oneof(forged.map((t) => `Bearer ${t}`), fc.constantFrom('', 'Bearer', 'Basic dXNlcjpwYXNz', `bearer  ${token} extra`, `Token ${token}`));
    const target = fc.constantFrom(
      ['POST', `${DL}/tokens/refresh`, `POST ${DL}/tokens/refresh`],
      ['POST', `${DL}/conversations`, `POST ${DL}/conversations`],
      ['GET', `${DL}/conversations/${conversationId}`, `GET ${DL}/conversations/:id`],
      ['POST', `${DL}/conversations/${conversationId}/activities`, `POST ${DL}/conversations/:id/activities`],
      ['GET', `${DL}/conversations/${conversationId}/activities`, `GET ${DL}/conversations/:id/activities`],
    );
    const before = await rowCounts(db);
    await fc.assert(
      fc.asyncProperty(authorization, target, async (auth, [method, path, route]) => {
        const response = await call(route, path, {
          method,
          headers: { ...(auth ? { Authorization: auth } : {}), ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}) },
          ...(method === 'POST' ? { body: JSON.stringify({ type: 'message', text: 'hello' }) } : {}),
        });
        expectClean(response, `${method} ${path} with "${auth.slice(0, 80)}"`);
        // The other visitor's genuine token may refresh or start their own conversation.
        if (!(auth === `Bearer ${other.token}` && !path.includes(conversationId))) expect([400, 401, 403]).toContain(response.status);
      }),
      { numRuns: runs(100) },
    );
    expect(changedCounts(before, await rowCounts(db))).toEqual([]);
  });

  it('answers hostile conversation ids and watermarks cleanly', async () => {
    const { conversationId, token } = await visitor();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(conversationId), hostilePathSegment), fc.oneof(fc.constant(''), hostileQueryPart('watermark'), fc.constantFrom('watermark=', 'watermark=0', 'watermark=999999999', 'watermark=1e3', 'watermark=-1')), fc.boolean(), async (id, query, stream) => {
        const path = `${DL}/conversations/${id}${stream ? '' : '/activities'}${query ? `?${query}` : ''}`;
        const response = await call(stream ? `GET ${DL}/conversations/:id` : `GET ${DL}/conversations/:id/activities`, path, { headers: bearer(token) });
        expectClean(response, `GET ${path.slice(0, 300)}`);
      }),
      { numRuns: runs(100) },
    );
    await expectStillServing(sms.serverUrl);
  });

  it('stores what a visitor posts whole or refuses it storing nothing, and the bot answers what it stores', async () => {
    const db = sms.db();
    const { conversationId, token } = await visitor();
    const started = await call(`POST ${DL}/conversations`, `${DL}/conversations`, { method: 'POST', headers: bearer(token) });
    expect(started.status).toBe(201);
    const activity = fc.oneof(
      { weight: 4, arbitrary: fc.record({ type: fc.constant('message'), text: fc.oneof(hostileString, hostileButValidMessage), channelData: fc.record({ clientActivityID: fc.oneof(fc.uuid(), hostileString) }, { requiredKeys: [] }) }, { requiredKeys: ['type'] }) },
      { weight: 2, arbitrary: fc.record({ type: fc.oneof(fc.constantFrom('message', 'typing', 'event', 'conversationUpdate', 'MESSAGE', ''), hostileString, wrongTypeValue), text: anyValue, id: anyValue, attachments: fc.oneof(fc.constant([]), fc.array(anyValue, { maxLength: 2 }), wrongTypeValue), channelData: anyValue, from: anyValue, value: anyValue }, { requiredKeys: [] }) },
      { weight: 1, arbitrary: anyValue },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...POLLUTING_KEYS), anyValue, hostileButValidMessage).map(([key, value, text]) => withOwnKey({ type: 'message', text }, key, value)) },
    );
    // A post repeating an earlier client activity id is Web Chat's retry: it finds the first copy.
    const firstPosts = new Map<string, { body: string; clientActivityId: string }>();
    await fc.assert(
      fc.asyncProperty(activity, async (posted) => {
        const before = await rowCounts(db);
        const response = await call(`POST ${DL}/conversations/:id/activities`, `${DL}/conversations/${conversationId}/activities`, json(posted, bearer(token)));
        const what = `posted ${JSON.stringify(posted)?.slice(0, 300)}`;
        expectClean(response, what);
        expectPrototypeUntouched();
        if (response.status >= 400) {
          const changed = changedCounts(before, await rowCounts(db));
          if (changed.length) throw new Error(`${what}: refused with ${response.status} but changed ${changed.join(', ')}`);
          return;
        }
        const id = (response.body as { id: string }).id;
        if (id.startsWith('ignored-')) return;
        await sms.settle();
        const stored = await db.message.findUniqueOrThrow({ where: { id } });
        const clientActivityId = storable(String((posted as { channelData?: { clientActivityID?: unknown } }).channelData?.clientActivityID ?? ''));
        const first = firstPosts.get(id);
        if (first) {
          expect(clientActivityId).not.toBe('');
          expect(clientActivityId).toBe(first.clientActivityId);
        }
        expect(stored.body).toBe(first?.body ?? storable((posted as { text: string }).text));
        if (!first) firstPosts.set(id, { body: stored.body, clientActivityId });
        await waitFor(async () => (await db.message.findUnique({ where: { id } }))?.status === 'HANDLED', 'the bot to answer');
      }),
      { numRuns: runs(100) },
    );
    const timeline = await call(`GET ${DL}/conversations/:id/activities`, `${DL}/conversations/${conversationId}/activities`, { headers: bearer(token) });
    expect(timeline.status).toBe(200);
    expect((timeline.body as { activities: Array<{ from: { role: string } }> }).activities.some((a) => a.from.role === 'bot')).toBe(true);
    await expectStillServing(sms.serverUrl);
  });

  // Bot Framework's own protocol (Teams, the emulator), answered by botbuilder's CloudAdapter, so
  // refusals are its plain strings rather than Lantern's JSON errors. An activity must name its
  // type here: one without is a known 500 from the adapter, pinned by the test below.
  it('answers hostile Bot Framework activities at /api/messages without a server error', async () => {
    const activity = fc.oneof(
      fc.record({ type: fc.oneof(fc.constantFrom('message', 'conversationUpdate', 'invoke', 'event', 'typing'), hostileString.filter((t) => t.trim() !== '')), text: anyValue, id: anyValue, channelId: fc.oneof(fc.constantFrom('emulator', 'msteams', 'directline'), hostileString), serviceUrl: fc.constantFrom('http://127.0.0.1:9', 'not a url', '', 'file:///etc/passwd'), deliveryMode: fc.constant('expectReplies'), from: fc.oneof(fc.record({ id: hostileString }), anyValue), conversation: fc.oneof(fc.record({ id: hostileString }), anyValue), recipient: anyValue }, { requiredKeys: ['type', 'deliveryMode'] }),
      fc.oneof(fc.constant(null), fc.constant([]), hostileString, fc.integer()),
    );
    await fc.assert(
      fc.asyncProperty(activity, async (posted) => {
        const response = await call('POST /api/messages', '/api/messages', json(posted));
        expectClean(response, `/api/messages with ${JSON.stringify(posted)?.slice(0, 300)}`, { json: false });
      }),
      { numRuns: runs(60) },
    );
    await sms.settle();
    await expectStillServing(sms.serverUrl);
  });

  // botbuilder's own check throws for an activity with no type, which CloudAdapter.process answered with a 500.
  it('refuses an activity with no type at /api/messages with a 4xx', async () => {
    for (const posted of [{}, { type: 5 }, { type: '' }]) {
      const response = await call('POST /api/messages', '/api/messages', json(posted));
      expect(response.status).toBeLessThan(500);
    }
  });

  it('exercised every web chat route past its token check', () => {
    expect(tally.missing(routesFor('web-chat'), 10)).toEqual([]);
  });
});
