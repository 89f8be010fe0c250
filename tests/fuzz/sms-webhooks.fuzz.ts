import fc from 'fast-check';
import { storable } from '../../src/lib/text';
import twilio from 'twilio';
import { LANTERN, startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';
import { inboundText, messageSid } from '../helpers/twilio-webhook';
import { waitFor } from '../helpers/wait-for';
import { anyValue, awkwardText, hostileButValidMessage, hostileString, wellFormed } from './arbitraries';
import { changedCounts, expectClean, expectPrototypeUntouched, expectStillServing, rowCounts, runs, send, sendRaw, type SmsService } from './fuzz-harness';
import { routesFor, RouteTally } from './public-routes';

// Twilio's webhooks are public: anyone can post to them. Unsigned or forged posts must be turned
// away without storing anything; signed but odd ones (Twilio's own fields with strange values)
// must be stored whole or refused cleanly, never half-stored, never a 500.

describe(`fuzzing the Twilio SMS webhooks (${testProvider})`, () => {
  let sms: SmsService;
  const tally = new RouteTally();
  beforeAll(async () => {
    sms = await startSmsService();
  });
  afterAll(() => sms.stop());

  const signedFor = (path: string, params: Record<string, string>) => twilio.getExpectedTwilioSignature(sms.twilioApi.authToken, `${sms.publicBaseUrl}${path}`, params);

  /** Posts raw form bytes; signs them over `signParams` (what Twilio would have parsed) unless told otherwise. */
  async function post(path: string, body: string | Uint8Array<ArrayBuffer>, options: { signature?: string | null; contentType?: string | null } = {}) {
    const headers: Record<string, string> = {};
    if (options.contentType !== null) headers['Content-Type'] = options.contentType ?? 'application/x-www-form-urlencoded';
    if (options.signature) headers['X-Twilio-Signature'] = options.signature;
    const response = await send(`${sms.serverUrl}${path}`, { method: 'POST', headers, body });
    tally.record(`POST ${path}`, response.status);
    return response;
  }

  /** The params as the server will parse them (first of each key, as verifiedTwilioParams keeps). */
  const parsedForm = (body: string) => {
    const params: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(body)) if (!(key in params)) params[key] = value;
    return params;
  };

  const formValue = fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 1, arbitrary: anyValue.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '')) });
  /** A Twilio form with some fields replaced, removed, or added. */
  const mutatedInbound = fc.record({
    body: fc.oneof(hostileString, hostileButValidMessage),
    from: fc.oneof({ weight: 3, arbitrary: fc.constant('phone') }, { weight: 1, arbitrary: hostileString }),
    overrides: fc.dictionary(fc.constantFrom('MessageSid', 'From', 'To', 'NumMedia', 'OptOutType', 'Body', 'AccountSid', 'SmsStatus', 'NumSegments', '__proto__', 'constructor', 'MediaUrl0', 'MediaContentType0'), formValue, { maxKeys: 3 }),
    dropped: fc.subarray(['MessageSid', 'From', 'To', 'Body', 'NumMedia']),
  });

  const encodings = fc.constantFrom('standard', 'raw-percent', 'latin1', 'repeated-keys', 'plus-spaces');
  /** Turns params into a body, sometimes with invalid percent-encoding or bytes that are not UTF-8. */
  function encodeForm(params: Record<string, string>, encoding: string): string | Uint8Array<ArrayBuffer> {
    const standard = new URLSearchParams(Object.entries(params).map(([k, v]) => [wellFormed(k), wellFormed(v)])).toString();
    switch (encoding) {
      case 'raw-percent':
        return `${standard}&Broken=%E0%A4%A&Half=%&Bad=%zz&Nul=%00`;
      case 'latin1':
        return new Uint8Array(Buffer.from(`${standard}&Latin=caf\u00e9\u00ff\u00fe`, 'latin1'));
      case 'repeated-keys':
        return `${standard}&Body=second&From=%2B447700900000&MessageSid=${messageSid()}`;
      case 'plus-spaces':
        return standard.replace(/%20/g, '+');
      default:
        return standard;
    }
  }

  it('stores a signed text whole (or refuses it cleanly, storing nothing), and the bot answers what it stores', async () => {
    const db = sms.db();
    await fc.assert(
      fc.asyncProperty(mutatedInbound, encodings, fc.boolean(), async ({ body, from, overrides, dropped }, encoding, signed) => {
        const phone = sms.nextPhone();
        const params: Record<string, string> = { ...inboundText(from === 'phone' ? phone : from, LANTERN, body), ...overrides };
        for (const key of dropped) delete params[key];
        const raw = encodeForm(params, encoding);
        const wire = typeof raw === 'string' ? raw : Buffer.from(raw).toString('latin1');
        // Sign what the server will see: the body decoded as UTF-8 (latin1 bytes become U+FFFD).
        const seen = parsedForm(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));
        const before = await rowCounts(db);
        const response = await post('/api/sms/inbound', raw, { signature: signed ? signedFor('/api/sms/inbound', seen) : null });
        const what = `inbound ${wire.slice(0, 300)}`;
        expectClean(response, what);
        if (response.status >= 400) {
          // Unsigned: refused as not Twilio's, or as too big to be Twilio's before the signature is read.
          if (!signed) expect([403, 413]).toContain(response.status);
          const changed = changedCounts(before, await rowCounts(db));
          if (changed.length) throw new Error(`${what}: refused with ${response.status} but changed ${changed.join(', ')}`);
          return;
        }
        expect(signed).toBe(true);
        expect(response.text).toContain('<Response></Response>');
        await sms.settle();
        const stored = await db.message.findUnique({ where: { providerMessageId: seen.MessageSid! } });
        if (!stored) return; // a repeated MessageSid: acknowledged, nothing more
        // Stored as it can be read back on both databases: without NUL, half an emoji as U+FFFD.
        const expected = (seen.Body ?? '') === '' && Number(seen.NumMedia ?? 0) > 0 ? '(a picture or file)' : storable(seen.Body ?? '');
        expect(stored.body).toBe(expected);
        if (seen.OptOutType === undefined) {
          expect(stored.status).toBe('HANDLED');
          const answers = await db.message.count({ where: { personId: stored.personId, direction: 'OUTBOUND' } });
          const person = await db.person.findUniqueOrThrow({ where: { id: stored.personId } });
          if (!person.optedOutAt) expect(answers).toBeGreaterThan(0);
        }
        expectPrototypeUntouched();
      }),
      { numRuns: runs(120) },
    );
    await expectStillServing(sms.serverUrl);
  });

  it('answers a person\'s emoji, control characters and markup, storing the text as it reads back', async () => {
    await fc.assert(
      fc.asyncProperty(hostileButValidMessage, async (raw) => {
        const text = wellFormed(raw);
        const phone = sms.nextPhone();
        const params = inboundText(phone, LANTERN, text);
        const response = await post('/api/sms/inbound', new URLSearchParams(params).toString(), { signature: signedFor('/api/sms/inbound', params) });
        expect(response.status).toBe(200);
        await sms.settle();
        const stored = await sms.db().message.findUniqueOrThrow({ where: { providerMessageId: params.MessageSid! } });
        expect(stored).toMatchObject({ body: storable(text), status: 'HANDLED' });
        await waitFor(async () => sms.sentTo(phone).length > 0, 'the bot to answer');
      }),
      { numRuns: runs(40) },
    );
  });

  it('refuses forged, stale and oversized webhooks without storing anything', async () => {
    const db = sms.db();
    const forgery = fc.oneof(
      fc.constant(null),
      hostileString.map((s) => wellFormed(s).replace(/[^\x20-\x7e]/g, '').slice(0, 2000)),
      fc.constant('x'.repeat(7000)),
      fc.constant('dGhpcyBpcyBub3QgYSBzaWduYXR1cmU='),
    );
    const before = await rowCounts(db);
    await fc.assert(
      fc.asyncProperty(hostileString, forgery, fc.constantFrom('/api/sms/inbound', '/api/sms/status'), fc.constantFrom<string | null>('application/x-www-form-urlencoded', 'application/json', 'text/plain', null, 'multipart/form-data'), async (body, signature, path, contentType) => {
        const params = path === '/api/sms/inbound' ? inboundText(sms.nextPhone(), LANTERN, wellFormed(body)) : { MessageSid: messageSid(), MessageStatus: 'delivered' };
        const response = await post(path, new URLSearchParams(params).toString(), { signature, contentType });
        expectClean(response, `forged ${path}`);
        expect([403, 413]).toContain(response.status);
      }),
      { numRuns: runs(60) },
    );
    // Signed, but far bigger than Twilio ever sends.
    const huge = inboundText(sms.nextPhone(), LANTERN, 'x'.repeat(70 * 1024));
    const tooBig = await post('/api/sms/inbound', new URLSearchParams(huge).toString(), { signature: signedFor('/api/sms/inbound', huge) });
    expectClean(tooBig, 'a 70 KB webhook');
    expect(tooBig.status).toBe(413);
    expect(changedCounts(before, await rowCounts(db))).toEqual([]);
  });

  it('answers signed delivery reports of every shape cleanly, changing nothing but the status of a text Lantern sent', async () => {
    const db = sms.db();
    const phone = sms.nextPhone();
    await sms.say(phone, 'hello');
    await sms.settle();
    const sent = await db.message.findFirstOrThrow({ where: { direction: 'OUTBOUND', providerMessageId: { not: null } } });
    const report = fc.record({
      MessageSid: fc.oneof(fc.constant(sent.providerMessageId!), fc.constant(messageSid()), hostileString),
      MessageStatus: fc.oneof(fc.constantFrom('accepted', 'queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled', 'read', 'partially_delivered', 'received', 'scheduled'), hostileString),
      ErrorCode: fc.oneof(fc.constantFrom('30003', '21610', '0', '999999', '1234567', '-1', ''), hostileString),
      extra: fc.dictionary(fc.constantFrom('AccountSid', 'To', 'From', 'SmsStatus', '__proto__', 'RawDlrDoneDate'), hostileString, { maxKeys: 2 }),
    }, { requiredKeys: ['MessageSid'] });
    await fc.assert(
      fc.asyncProperty(report, encodings, async ({ extra, ...fields }, encoding) => {
        const params = Object.fromEntries(Object.entries({ ...fields, ...extra }).filter(([, v]) => v !== undefined)) as Record<string, string>;
        const raw = encodeForm(params, encoding);
        const seen = parsedForm(typeof raw === 'string' ? raw : Buffer.from(raw).toString('utf8'));
        const before = await rowCounts(db);
        const response = await post('/api/sms/status', raw, { signature: signedFor('/api/sms/status', seen) });
        expectClean(response, `status ${JSON.stringify(seen).slice(0, 300)}`);
        const changed = changedCounts(before, await rowCounts(db)).filter((c) => !c.startsWith('DeliveryEvent'));
        if (changed.length) throw new Error(`a delivery report changed ${changed.join(', ')}`);
        expectPrototypeUntouched();
      }),
      { numRuns: runs(80) },
    );
    await expectStillServing(sms.serverUrl);
  });

  it('survives raw requests no HTTP client would send: broken request lines, bad headers, lying lengths', async () => {
    const line = fc.constantFrom(
      'POST /api/sms/inbound HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\nBody=',
      'POST /api/sms/inbound HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nshort',
      'POST /api/sms/inbound HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n',
      'POST /api/sms/status?%E0%A4%A HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
      'POST /api/sms/inbound\u0000 HTTP/1.1\r\nHost: x\r\n\r\n',
      'POST /api/sms/%ff%fe HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n',
      'POST /api/sms/inbound HTTP/1.1\r\nHost: x\r\nX-Twilio-Signature: \u00ff\u00fe\r\nContent-Length: 0\r\n\r\n',
      'GARBAGE\r\n\r\n',
    );
    await fc.assert(
      fc.asyncProperty(line, awkwardText, async (request, noise) => {
        const answer = await sendRaw(sms.serverUrl, Buffer.concat([Buffer.from(request, 'latin1'), Buffer.from(noise, 'utf8')]));
        if (answer.status >= 500) throw new Error(`raw request answered ${answer.status}: ${answer.text.slice(0, 200)}`);
      }),
      { numRuns: runs(40) },
    );
    await expectStillServing(sms.serverUrl);
  });

  it('stores a text with NUL characters without them, as web chat does, and answers it', async () => {
    const phone = sms.nextPhone();
    const params = inboundText(phone, LANTERN, 'hello\u0000 there');
    const before = await rowCounts(sms.db());
    const response = await post('/api/sms/inbound', new URLSearchParams(params).toString(), { signature: signedFor('/api/sms/inbound', params) });
    if (response.status >= 500) throw new Error(`500, and changed ${changedCounts(before, await rowCounts(sms.db())).join(', ')}`);
    await sms.settle();
    expect((await sms.db().message.findUniqueOrThrow({ where: { providerMessageId: params.MessageSid! } })).body).toBe('hello there');
  });

  it('exercised both webhooks with signed requests', () => {
    expect(tally.missing(routesFor('sms-webhooks'), 10)).toEqual([]);
  });
});
