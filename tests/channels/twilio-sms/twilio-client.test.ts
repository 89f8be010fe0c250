import http from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { createTwilioClient } from '../../../src/channels/twilio-sms/twilio-client';
import { startFakeTwilioApi, type FakeTwilioApi } from '../../fakes/fake-twilio-api';

// Ofcom's drama range: never a real person's phone.
const PERSON = '+447700900123';
const LANTERN = '+447700900999';

interface Callback { signatureValid: boolean; params: Record<string, string> }

/** A stand-in for Lantern's status-callback route: checks the signature the way production will. */
async function startCallbackReceiver(authToken: string) {
  const received: Callback[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const signature = String(req.headers['x-twilio-signature'] ?? '');
      const signatureValid = twilio.validateRequest(authToken, signature, `${url}${req.url ?? ''}`, params);
      received.push({ signatureValid, params });
      res.statusCode = signatureValid ? 204 : 403;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url, received, close };
}

describe('the real Twilio SDK against the fake API', () => {
  let fake: FakeTwilioApi;
  let receiver: Awaited<ReturnType<typeof startCallbackReceiver>>;
  let client: twilio.Twilio;

  beforeAll(async () => {
    fake = await startFakeTwilioApi();
    receiver = await startCallbackReceiver(fake.authToken);
    client = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.baseUrl });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await fake.close();
    await receiver.close();
  });

  it('sends a text that lands in fake.sent with the fields Twilio would see', async () => {
    const statusCallback = `${receiver.url}/sms/status`;
    const message = await client.messages.create({ to: PERSON, from: LANTERN, body: 'Hello, it’s Lantern.', statusCallback });

    expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(message).toMatchObject({ status: 'queued', to: PERSON, from: LANTERN, numSegments: '1', errorCode: null });
    expect(fake.sent).toEqual([
      expect.objectContaining({ sid: message.sid, accountSid: fake.accountSid, to: PERSON, from: LANTERN, body: 'Hello, it’s Lantern.', statusCallback }),
    ]);
    expect(fake.requests).toBe(1);
  });

  it('sends through a messaging service, which Twilio answers as "accepted" with no From yet', async () => {
    const messagingServiceSid = `MG${'a'.repeat(32)}`;
    const message = await client.messages.create({ to: PERSON, messagingServiceSid, body: 'Hi' });
    expect(message).toMatchObject({ status: 'accepted', from: null, messagingServiceSid });
    expect(fake.sent[0]).toMatchObject({ messagingServiceSid });
  });

  it('rejects with a RestException carrying Twilio\'s code when the person has unsubscribed', async () => {
    fake.failNext(1, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    const sending = client.messages.create({ to: PERSON, from: LANTERN, body: 'Hello' });

    await expect(sending).rejects.toBeInstanceOf(twilio.RestException);
    await expect(sending).rejects.toMatchObject({ status: 400, code: 21610, moreInfo: 'https://www.twilio.com/docs/errors/21610' });
    expect(fake.sent).toHaveLength(0);
    expect(fake.requests).toBe(1);
  });

  it('fails only as many sends as asked, then recovers', async () => {
    fake.failNext(2);
    const attempt = () => client.messages.create({ to: PERSON, from: LANTERN, body: 'Hello' });
    await expect(attempt()).rejects.toMatchObject({ status: 500, code: 20500 });
    await expect(attempt()).rejects.toMatchObject({ status: 500 });
    await expect(attempt()).resolves.toMatchObject({ status: 'queued' });
    expect(fake.requests).toBe(3);
    expect(fake.sent).toHaveLength(1);
  });

  it.each([
    ['a number that is not E.164', { to: '07700 900123', body: 'Hi' }, 21211],
    ['an empty body', { to: PERSON, body: '' }, 21602],
  ])('refuses %s as Twilio does', async (_name, params, code) => {
    await expect(client.messages.create({ ...params, from: LANTERN })).rejects.toMatchObject({ status: 400, code });
  });

  it('refuses a wrong auth token with 401 and code 20003', async () => {
    const wrong = createTwilioClient({ accountSid: fake.accountSid, authToken: 'x'.repeat(32), apiBaseUrl: fake.baseUrl });
    await expect(wrong.messages.create({ to: PERSON, from: LANTERN, body: 'Hi' })).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('posts a signed status callback that twilio.validateRequest accepts', async () => {
    const statusCallback = `${receiver.url}/sms/status?attempt=1`;
    const { sid } = await client.messages.create({ to: PERSON, from: LANTERN, body: 'Hello', statusCallback });

    await expect(fake.sendStatusCallback(sid, 'undelivered', '30003')).resolves.toBe(204);
    expect(receiver.received.at(-1)).toEqual({
      signatureValid: true,
      params: expect.objectContaining({ MessageSid: sid, MessageStatus: 'undelivered', ErrorCode: '30003', To: PERSON, From: LANTERN }),
    });
    const [listed] = await client.messages.list({ to: PERSON });
    expect(listed).toMatchObject({ sid, status: 'undelivered', errorCode: 30003 });
  });

  it('lists what was sent, newest first, following next-page links through the same base URL', async () => {
    for (const body of ['one', 'two', 'three']) await client.messages.create({ to: PERSON, from: LANTERN, body });
    await client.messages.create({ to: '+447700900456', from: LANTERN, body: 'someone else' });

    const listed = await client.messages.list({ to: PERSON, pageSize: 2 });
    expect(listed.map((m) => m.body)).toEqual(['three', 'two', 'one']);
    const since = await client.messages.list({ to: PERSON, dateSentAfter: new Date(Date.now() + 60_000) });
    expect(since).toEqual([]);
  });

  it('times out a slow send, though the text may still have gone: reconcile by listing', async () => {
    const impatient = createTwilioClient({ accountSid: fake.accountSid, authToken: fake.authToken, apiBaseUrl: fake.baseUrl, timeoutMs: 200 });
    fake.delayNext(1_000);
    const sending = impatient.messages.create({ to: PERSON, from: LANTERN, body: 'Are you there?' });

    await expect(sending).rejects.toThrow(/timeout/i);
    await expect(sending).rejects.not.toBeInstanceOf(twilio.RestException);
    expect(fake.sent.map((m) => m.body)).toEqual(['Are you there?']);
    expect((await client.messages.list({ to: PERSON })).map((m) => m.body)).toEqual(['Are you there?']);
  });

  it('waitForSent resolves once enough texts arrive and explains a timeout', async () => {
    const waiting = fake.waitForSent(2);
    await client.messages.create({ to: PERSON, from: LANTERN, body: 'a' });
    await client.messages.create({ to: PERSON, from: LANTERN, body: 'b' });
    await expect(waiting).resolves.toHaveLength(2);
    await expect(fake.waitForSent(3, 50)).rejects.toThrow('expected 3 sent message(s) within 50 ms, got 2: ["a", "b"]');
  });
});
