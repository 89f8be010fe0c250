import fc from 'fast-check';
import { createPractice } from '../../src/domain/practices/create-practice';
import { hashReferralCode, newReferralCode } from '../../src/domain/referrals/referral-code';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';
import { hostilePathSegment, hostileQueryPart, SCRIPT_PAYLOADS } from './arbitraries';
import { changedCounts, expectClean, expectStillServing, rowCounts, runs, send, sendRaw, type FuzzResponse, type SmsService } from './fuzz-harness';
import { routesFor, RouteTally } from './public-routes';

// The pages anyone can open, most from a link in a text: referral links, the practice's link,
// web chat, the inbox shell and its files, privacy, health and the OpenAPI document. Whatever the
// address, they answer without a server error, and nothing from the address (or from a name a
// practice chose) comes back as markup.

/** What an injected payload looks like if it came back unescaped: its first tag onwards (text alone is harmless). */
const rawMarkup = (payload: string) => (payload.includes('<') ? payload.slice(payload.indexOf('<')) : null);

describe(`fuzzing the public pages (${testProvider})`, () => {
  let sms: SmsService;
  const tally = new RouteTally();
  let expiredCode: string;
  let practiceOds: string;

  beforeAll(async () => {
    sms = await startSmsService();
    const db = sms.db();
    const organisationId = (await db.organisation.findFirstOrThrow()).id;
    // A practice whose name is itself an attack, with a referral whose link has ended: its page names the practice.
    const practice = await createPractice(db, { organisationId, odsCode: 'XSS001', name: `${SCRIPT_PAYLOADS.join(' ')} Surgery` });
    practiceOds = practice.odsCode;
    const phone = sms.nextPhone();
    await sms.say(phone, 'hello');
    await sms.settle();
    const person = await db.person.findFirstOrThrow({ where: { phone } });
    expiredCode = newReferralCode();
    await db.referral.create({ data: { organisationId, practiceId: practice.id, personId: person.id, codeHash: hashReferralCode(expiredCode), phone, consentConfirmed: true, expiresAt: new Date(Date.now() - 60_000) } });
  });
  afterAll(() => sms.stop());

  /** Pages with a segment taken from the address, and the fixed ones. */
  const PAGES: Array<{ route: string; path: (segment: string) => string }> = [
    { route: 'GET /r/:code', path: (s) => `/r/${s}` },
    { route: 'GET /p/:odsCode', path: (s) => `/p/${s}` },
    { route: 'GET /inbox/people/:personId', path: (s) => `/inbox/people/${s}` },
    { route: 'GET /inbox/assets/:file', path: (s) => `/inbox/assets/${s}` },
    ...['/healthz', '/readyz', '/privacy', '/api/openapi.json', '/chat', '/chat/app.js', '/chat/chat.css', '/chat/webchat.js', '/inbox', '/inbox/', '/inbox/directory', '/inbox/report', '/practice'].map((p) => ({ route: `GET ${p}`, path: () => p })),
  ];

  function expectNothingReflected(response: FuzzResponse, payloads: readonly string[], what: string) {
    if (!response.contentType.startsWith('text/html')) return;
    for (const payload of payloads) {
      const markup = rawMarkup(payload);
      if (markup && response.text.includes(markup)) throw new Error(`${what}: the page contains ${JSON.stringify(rawMarkup(payload))} unescaped`);
    }
  }

  it('answers any address and query without a server error, reflecting nothing as markup', async () => {
    const segment = fc.oneof(
      { weight: 3, arbitrary: hostilePathSegment },
      { weight: 2, arbitrary: fc.constantFrom(...SCRIPT_PAYLOADS).map(encodeURIComponent) },
      { weight: 1, arbitrary: fc.constantFrom(() => expiredCode, () => practiceOds, () => practiceOds.toLowerCase(), () => 'LNT001', () => 'app.js', () => 'index.html', () => '..%2F..%2Fpackage.json', () => 'inbox.css').map((f) => f()) },
      { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{16,64}$/) },
    );
    const query = fc.oneof(fc.constant(''), hostileQueryPart('ref'), hostileQueryPart('practice'), fc.constantFrom(...SCRIPT_PAYLOADS).map((p) => `q=${encodeURIComponent(p)}`));
    const headers = fc.record({ 'If-None-Match': fc.constantFrom('*', '"x"', 'W/"x", "y"', ''), 'Accept-Encoding': fc.constantFrom('gzip', 'br', 'identity;q=0', '*', ''), 'X-Forwarded-Proto': fc.constantFrom('https', 'javascript', '') }, { requiredKeys: [] });
    const before = await rowCounts(sms.db());
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PAGES), segment, query, headers, async (page, value, search, extra) => {
        const path = `${page.path(value)}${search ? `?${search}` : ''}`;
        const response = await send(`${sms.service.url}${path}`, { headers: Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== '')), redirect: 'manual' });
        tally.record(page.route, response.status);
        const what = `GET ${path.slice(0, 300)}`;
        expectClean(response, what, { json: page.route.startsWith('GET /api') || page.route === 'GET /inbox/assets/:file' });
        expectNothingReflected(response, SCRIPT_PAYLOADS, what);
      }),
      { numRuns: runs(200) },
    );
    // Opening a link stores nothing: opening is counted when the chat starts.
    expect(changedCounts(before, await rowCounts(sms.db()))).toEqual([]);
    await expectStillServing(sms.serverUrl);
  });

  it('shows an ended referral link with the practice\'s name escaped', async () => {
    const response = await send(`${sms.service.url}/r/${expiredCode}`);
    expect(response.status).toBe(410);
    expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expectNothingReflected(response, SCRIPT_PAYLOADS, 'the ended link');
  });

  it('redirects only to Lantern\'s own chat, with the code encoded', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...['/p/XSS001', '/p/xss001', '/p/LNT001', `/p/${practiceOds}%0d%0aSet-Cookie:x=1`]), async (path) => {
        const response = await fetch(`${sms.service.url}${path}`, { redirect: 'manual', signal: AbortSignal.timeout(10_000) });
        await response.text();
        expect(response.status).toBeLessThan(500);
        const location = response.headers.get('location');
        if (location) expect(location).toMatch(/^\/chat\?practice=[A-Za-z0-9]+$/);
        expect(response.headers.get('set-cookie')).toBeNull();
      }),
      { numRuns: 4 },
    );
  });

  it('survives raw requests for pages with bytes no browser would send', async () => {
    const paths = fc.constantFrom('/r/\u00ff\u00fe', '/p/%', '/inbox/assets/%E0%A4%A', '/chat?ref=\u0001', '/r/../../etc/passwd', '/inbox/assets/..%5c..%5cpackage.json', '/%00', '/privacy\t', '/chat/webchat.js?x=%');
    await fc.assert(
      fc.asyncProperty(paths, async (path) => {
        const answer = await sendRaw(sms.serverUrl, Buffer.from(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 'latin1'));
        if (answer.status >= 500) throw new Error(`GET ${path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
        expect(answer.text).not.toContain('devDependencies');
      }),
      { numRuns: runs(30) },
    );
    await expectStillServing(sms.serverUrl);
  });

  it('opened every public page', () => {
    expect(tally.missing(routesFor('pages'), 3)).toEqual([]);
  });
});
