import twilio from 'twilio';
import { createTwilioClient } from '../../../src/channels/twilio-sms/twilio-client';
import { waitFor } from '../../helpers/wait-for';
import {
  ACCOUNT_SID, AUTH_TOKEN, LANTERN, PHONE, PUBLIC_BASE_URL, STATUS_CALLBACK,
  startSimulatorHarness, textFromPhone, threadOf, type SimulatorHarness,
} from './simulator-harness';

const basicAuth = (sid: string, token: string) => `Basic ${Buffer.from(`${sid}:${token}`).toString('base64')}`;

describe('the phone simulator', () => {
  let harness: SimulatorHarness;
  let phoneCounter = 200;
  // A fresh phone per test keeps threads apart without restarting the server.
  const nextPhone = () => `+447700900${String(phoneCounter++).padStart(3, '0')}`;

  beforeAll(async () => {
    harness = await startSimulatorHarness();
  });
  afterAll(() => harness.close());

  describe('texting Lantern from the phone page', () => {
    it('delivers the text to Lantern\'s SMS webhook as Twilio would, signed for the public URL', async () => {
      const phone = nextPhone();
      const national = `0${phone.slice(3, 7)} ${phone.slice(7)}`; // e.g. 07700 900200

      const sent = await textFromPhone(harness, { from: national, body: 'hello' });

      expect(sent.status).toBe(201);
      expect(sent.body).toEqual({ sid: expect.stringMatching(/^SM[0-9a-f]{32}$/), status: 'delivered' });
      const [webhook] = harness.inbound.filter((w) => w.params.From === phone);
      expect(webhook?.path).toBe('/api/sms/inbound');
      expect(webhook?.contentType).toBe('application/x-www-form-urlencoded');
      expect(webhook?.params).toEqual({
        MessageSid: sent.body.sid, SmsSid: sent.body.sid, SmsMessageSid: sent.body.sid,
        AccountSid: ACCOUNT_SID, From: phone, To: LANTERN, Body: 'hello',
        NumMedia: '0', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01',
      });
      // Signed for the public URL, and so not valid for the address it was actually posted to.
      expect(twilio.validateRequest(AUTH_TOKEN, webhook!.signature, `${PUBLIC_BASE_URL}/api/sms/inbound`, webhook!.params)).toBe(true);
      expect(twilio.validateRequest(AUTH_TOKEN, webhook!.signature, `${harness.url}/api/sms/inbound`, webhook!.params)).toBe(false);
    });

    it('shows the text in the phone\'s thread, delivered', async () => {
      const phone = nextPhone();
      const sent = await textFromPhone(harness, { from: phone, body: 'Is anyone there?' });

      const thread = await threadOf(harness, phone);

      expect(thread.status).toBe(200);
      expect(thread.body).toEqual({
        phone,
        lanternNumber: LANTERN,
        messages: [{ sid: sent.body.sid, direction: 'to-lantern', body: 'Is anyone there?', at: expect.any(String), status: 'delivered' }],
      });
      expect(Date.parse(thread.body.messages[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
    });

    it('keeps emoji and other UCS-2 text whole, counting segments as a handset would', async () => {
      const phone = nextPhone();
      const body = 'Feeling 😊 today, ta — “much” better 👩🏽‍🦱';
      const long = '🌟'.repeat(36); // 72 UTF-16 units: more than one 70-unit UCS-2 text

      await textFromPhone(harness, { from: phone, body });
      await textFromPhone(harness, { from: phone, body: long });

      const webhooks = harness.inbound.filter((w) => w.params.From === phone);
      expect(webhooks.map((w) => [w.params.Body, w.params.NumSegments])).toEqual([[body, '1'], [long, '2']]);
      expect((await threadOf(harness, phone)).body.messages.map((m) => m.body)).toEqual([body, long]);
    });

    it.each([
      ['not JSON', '{"from": "+447700900123", "body": ', /not valid JSON/],
      ['an empty request', '', /has no body/],
      ['a JSON list', '[]', /must be a JSON object/],
      ['no phone number', { body: 'hi' }, /from: is required/],
      ['a number that is not a phone', { from: '12345', body: 'hi' }, /from: is not a phone number/],
      ['a phone number that is not text', { from: 447700900123, body: 'hi' }, /from: must be text/],
      ['an empty text', { from: PHONE, body: '' }, /body: is empty/],
      ['a text over 1600 characters', { from: PHONE, body: 'a'.repeat(1601) }, /body: is longer than 1600/],
    ])('refuses %s with a clear 400, sending nothing', async (_case, payload, message) => {
      const before = harness.inbound.length;

      const answer = await textFromPhone(harness, payload);

      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'bad-request', message: expect.stringMatching(message) });
      expect(harness.inbound).toHaveLength(before);
    });

    it('refuses to show a thread without a valid phone number', async () => {
      const missing = await fetch(`${harness.url}/dev/phone/api/messages`);
      const wrong = await fetch(`${harness.url}/dev/phone/api/messages?phone=not-a-phone`);
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ error: { message: 'phone: is required' } });
      expect(wrong.status).toBe(400);
      expect(await wrong.json()).toMatchObject({ error: { message: expect.stringMatching(/^phone: is not a phone number/) } });
    });

    it('shows an empty thread for a phone that has not texted yet', async () => {
      const thread = await threadOf(harness, '07700 900998');
      expect(thread.body).toEqual({ phone: '+447700900998', lanternNumber: LANTERN, messages: [] });
    });
  });

  describe("Lantern's texts through the real Twilio SDK", () => {
    it('accepts a text as Twilio does and shows it in the phone\'s thread as from Lantern', async () => {
      const phone = nextPhone();

      const message = await harness.twilioClient.messages.create({ to: phone, from: LANTERN, body: 'Hello, it’s Lantern.', statusCallback: STATUS_CALLBACK });

      expect(message.sid).toMatch(/^SM[0-9a-f]{32}$/);
      expect(message).toMatchObject({
        status: 'queued', to: phone, from: LANTERN, body: 'Hello, it’s Lantern.', direction: 'outbound-api',
        accountSid: ACCOUNT_SID, numSegments: '1', errorCode: null, apiVersion: '2010-04-01',
      });
      expect(message.dateCreated).toBeInstanceOf(Date);
      expect(Math.abs(message.dateCreated.getTime() - Date.now())).toBeLessThan(5_000);
      const thread = await threadOf(harness, phone);
      expect(thread.body.messages).toEqual([
        { sid: message.sid, direction: 'from-lantern', body: 'Hello, it’s Lantern.', at: expect.any(String), status: expect.any(String) },
      ]);
    });

    it("reports 'sent' then 'delivered' to the StatusCallback, signed for it as given and posted to the service itself", async () => {
      const phone = nextPhone();
      const statusCallback = `${STATUS_CALLBACK}?attempt=2`;

      const message = await harness.twilioClient.messages.create({ to: phone, from: LANTERN, body: 'How are you?', statusCallback });
      const reports = await waitFor(async () => {
        const mine = harness.statusCallbacks.filter((c) => c.params.MessageSid === message.sid);
        return mine.length >= 2 && mine;
      }, 'two status callbacks');

      expect(reports.map((r) => r.params.MessageStatus)).toEqual(['sent', 'delivered']);
      for (const report of reports) {
        expect(report.path).toBe('/api/sms/status?attempt=2');
        expect(report.params).toEqual({
          MessageSid: message.sid, SmsSid: message.sid, MessageStatus: report.params.MessageStatus, SmsStatus: report.params.MessageStatus,
          AccountSid: ACCOUNT_SID, To: phone, From: LANTERN, ApiVersion: '2010-04-01',
        });
        expect(twilio.validateRequest(AUTH_TOKEN, report.signature, statusCallback, report.params)).toBe(true);
      }
      const thread = await threadOf(harness, phone);
      expect(thread.body.messages[0]?.status).toBe('delivered');
    });

    it("through a messaging service answers 'accepted' with no sender yet, then reports from Lantern's number", async () => {
      const phone = nextPhone();
      const messagingServiceSid = `MG${'a'.repeat(32)}`;

      const message = await harness.twilioClient.messages.create({ to: phone, messagingServiceSid, body: 'Hi', statusCallback: STATUS_CALLBACK });
      expect(message).toMatchObject({ status: 'accepted', from: null, messagingServiceSid });
      const delivered = await waitFor(async () => harness.statusCallbacks.find((c) => c.params.MessageSid === message.sid && c.params.MessageStatus === 'delivered'), 'delivered');

      expect(delivered.params).toMatchObject({ From: LANTERN, MessagingServiceSid: messagingServiceSid });
    });

    it('lists texts to a number newest first, as the outbox checks after a timed-out send', async () => {
      const phone = nextPhone();
      const other = nextPhone();
      const first = await harness.twilioClient.messages.create({ to: phone, from: LANTERN, body: 'first' });
      await harness.twilioClient.messages.create({ to: other, from: LANTERN, body: 'to someone else' });
      const second = await harness.twilioClient.messages.create({ to: phone, from: LANTERN, body: 'second 🙂' });

      const listed = await harness.twilioClient.messages.list({ to: phone, limit: 20 });

      expect(listed.map((m) => [m.sid, m.body, m.to])).toEqual([[second.sid, 'second 🙂', phone], [first.sid, 'first', phone]]);
      expect(listed[0]?.dateCreated).toBeInstanceOf(Date);
    });

    it('pages long lists the way the SDK follows them', async () => {
      const phone = nextPhone();
      for (let i = 1; i <= 5; i++) await harness.twilioClient.messages.create({ to: phone, from: LANTERN, body: `text ${i}` });

      const all = await harness.twilioClient.messages.list({ to: phone, pageSize: 2 });
      const page = await harness.twilioClient.messages.page({ to: phone, pageSize: 2 });

      expect(all.map((m) => m.body)).toEqual(['text 5', 'text 4', 'text 3', 'text 2', 'text 1']);
      expect(page.instances.map((m) => m.body)).toEqual(['text 5', 'text 4']);
      expect(page.nextPageUrl).toContain('Page=1');
    });

    it("lists the phone's own texts as inbound, to Lantern's number", async () => {
      const phone = nextPhone();
      const sent = await textFromPhone(harness, { from: phone, body: 'from the phone' });

      const listed = await harness.twilioClient.messages.list({ from: phone });

      expect(listed.map((m) => ({ sid: m.sid, direction: m.direction, to: m.to, from: m.from, status: m.status })))
        .toEqual([{ sid: sent.body.sid, direction: 'inbound', to: LANTERN, from: phone, status: 'received' }]);
    });

    it('refuses a wrong auth token or account with 401 and code 20003, like Twilio', async () => {
      const wrongToken = createTwilioClient({ accountSid: ACCOUNT_SID, authToken: 'not-the-token-at-all', apiBaseUrl: harness.simulator.twilioApiBaseUrl() });
      const wrongAccount = createTwilioClient({ accountSid: `AC${'1'.repeat(32)}`, authToken: AUTH_TOKEN, apiBaseUrl: harness.simulator.twilioApiBaseUrl() });
      const phone = nextPhone();

      const sending = wrongToken.messages.create({ to: phone, from: LANTERN, body: 'hi' });
      await expect(sending).rejects.toBeInstanceOf(twilio.RestException);
      await expect(sending).rejects.toMatchObject({ status: 401, code: 20003, moreInfo: 'https://www.twilio.com/docs/errors/20003' });
      await expect(wrongAccount.messages.list({ to: phone })).rejects.toMatchObject({ status: 401, code: 20003 });
      expect((await threadOf(harness, phone)).body.messages).toEqual([]);
    });

    it('refuses an invalid To through the SDK with Twilio\'s code 21211', async () => {
      await expect(harness.twilioClient.messages.create({ to: '07700 900123', from: LANTERN, body: 'hi' }))
        .rejects.toMatchObject({ status: 400, code: 21211 });
    });

    // Raw HTTP: the SDK refuses some of these itself before asking Twilio.
    it.each([
      ['no To', 21604, { From: LANTERN, Body: 'hi' }],
      ['a To that is not E.164', 21211, { To: 'my mum', From: LANTERN, Body: 'hi' }],
      ['no From or messaging service', 21603, { To: PHONE, Body: 'hi' }],
      ['no Body', 21602, { To: PHONE, From: LANTERN }],
      ['an empty Body', 21602, { To: PHONE, From: LANTERN, Body: '' }],
      ['a Body over 1600 characters', 21617, { To: PHONE, From: LANTERN, Body: 'x'.repeat(1601) }],
      ['a StatusCallback that is not a URL', 21609, { To: PHONE, From: LANTERN, Body: 'hi', StatusCallback: 'nowhere' }],
    ])('answers %s with 400 and Twilio code %d', async (_case, code, form) => {
      const response = await fetch(`${harness.simulator.twilioApiBaseUrl()}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
        method: 'POST',
        headers: { Authorization: basicAuth(ACCOUNT_SID, AUTH_TOKEN), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ code, message: expect.any(String), more_info: `https://www.twilio.com/docs/errors/${code}`, status: 400 });
    });

    it('accepts a body of exactly 1600 characters', async () => {
      const phone = nextPhone();
      const message = await harness.twilioClient.messages.create({ to: phone, from: LANTERN, body: 'y'.repeat(1600) });
      expect(message.numSegments).toBe('11');
    });
  });

  describe('the page', () => {
    it('serves a phone messaging page with the banner, its own script and no inline script', async () => {
      const response = await fetch(`${harness.url}/dev/phone`);
      const html = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(html).toContain('<strong>Phone simulator:</strong> texts here never leave this computer.');
      expect(html).toContain('<script src="/dev/phone/app.js" defer></script>');
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
      expect(html).toMatch(/<label for="phone">/);
      expect(html).toMatch(/<label for="body"/);
      expect(html).toMatch(/id="thread"[^>]*aria-live="polite"/);
    });

    it('serves the script and styles it names, as plain files', async () => {
      const script = await fetch(`${harness.url}/dev/phone/app.js`);
      const styles = await fetch(`${harness.url}/dev/phone/phone.css`);

      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(await script.text()).toContain("var API = '/dev/phone/api/messages'");
      expect(styles.status).toBe(200);
      expect(styles.headers.get('content-type')).toMatch(/^text\/css/);
    });
  });
});

describe('the phone simulator when Lantern does not take the text', () => {
  it('answers 502 with the webhook status and marks the text failed when the signature is refused', async () => {
    const harness = await startSimulatorHarness({ lanternAuthToken: 'lantern-has-a-different-token' });
    try {
      const answer = await textFromPhone(harness, { from: PHONE, body: 'hello?' });

      expect(answer.status).toBe(502);
      expect(answer.body).toMatchObject({ sid: expect.stringMatching(/^SM/), status: 'failed', webhookStatus: 403, error: { message: expect.stringContaining('403') } });
      expect(harness.inbound).toEqual([]);
      expect((await threadOf(harness, PHONE)).body.messages).toEqual([expect.objectContaining({ sid: answer.body.sid, status: 'failed' })]);
    } finally {
      await harness.close();
    }
  });

  it("answers 502 when nothing is listening for Twilio's webhook", async () => {
    const harness = await startSimulatorHarness({ withoutInboundRoute: true });
    try {
      const answer = await textFromPhone(harness, { from: PHONE, body: 'hello?' });
      expect(answer.status).toBe(502);
      expect(answer.body).toMatchObject({ status: 'failed', webhookStatus: 404 });
    } finally {
      await harness.close();
    }
  });

  it('answers 502 with no webhook status when the service cannot be reached at all', async () => {
    const harness = await startSimulatorHarness({ simulator: { selfUrl: () => 'http://127.0.0.1:1' } });
    try {
      const answer = await textFromPhone(harness, { from: PHONE, body: 'hello?' });
      expect(answer.status).toBe(502);
      expect(answer.body).toMatchObject({ status: 'failed', webhookStatus: null, error: { message: expect.stringContaining('did not answer') } });
    } finally {
      await harness.close();
    }
  });
});

describe('the phone simulator over time', () => {
  it('keeps only the newest texts per phone and the most recently active phones', async () => {
    const harness = await startSimulatorHarness({ simulator: { limits: { textsPerPhone: 3, phones: 2 } } });
    try {
      const [a, b, c] = ['+447700900301', '+447700900302', '+447700900303'];
      for (let i = 1; i <= 5; i++) await harness.twilioClient.messages.create({ to: a!, from: LANTERN, body: `text ${i}` });

      expect((await threadOf(harness, a!)).body.messages.map((m) => m.body)).toEqual(['text 3', 'text 4', 'text 5']);
      expect((await harness.twilioClient.messages.list({ to: a! })).map((m) => m.body)).toEqual(['text 5', 'text 4', 'text 3']);

      await textFromPhone(harness, { from: b, body: 'b here' });
      await textFromPhone(harness, { from: a, body: 'a again' }); // a is now the most recent
      await textFromPhone(harness, { from: c, body: 'c here' }); // a third phone: b, the least recent, goes

      expect((await threadOf(harness, b!)).body.messages).toEqual([]);
      expect((await threadOf(harness, a!)).body.messages.map((m) => m.body)).toEqual(['text 4', 'text 5', 'a again']);
      expect((await threadOf(harness, c!)).body.messages.map((m) => m.body)).toEqual(['c here']);
    } finally {
      await harness.close();
    }
  });

  it('stops reporting delivery once closed', async () => {
    const harness = await startSimulatorHarness({ simulator: { deliveryStepMs: 150 } });
    try {
      await harness.twilioClient.messages.create({ to: PHONE, from: LANTERN, body: 'bye', statusCallback: STATUS_CALLBACK });
      await harness.simulator.close();
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(harness.statusCallbacks).toEqual([]);
    } finally {
      await harness.close();
    }
  });

  it('logs a status callback it cannot deliver and carries on', async () => {
    const warnings: string[] = [];
    const logger = { warn: (_obj: unknown, message: string) => warnings.push(message), error: jest.fn(), info: jest.fn(), debug: jest.fn() };
    const harness = await startSimulatorHarness({ simulator: { logger: logger as never } });
    try {
      const message = await harness.twilioClient.messages.create({ to: PHONE, from: LANTERN, body: 'hi', statusCallback: `${PUBLIC_BASE_URL}/api/sms/nowhere` });

      await waitFor(async () => (await threadOf(harness, PHONE)).body.messages.find((m) => m.sid === message.sid && m.status === 'delivered'), 'delivered');
      expect(warnings).toEqual(['phone simulator: a status callback was refused', 'phone simulator: a status callback was refused']);
    } finally {
      await harness.close();
    }
  });
});
