import { messages } from '../../../dialogs/messages';
import { recordInbound } from '../../../src/messaging/record-inbound';
import { smsReference } from '../../../src/channels/twilio-sms/sms-reference';
import { systemClock } from '../../../src/lib/clock';
import { openDatabase } from '../../../src/db/open-database';
import { testProvider } from '../../helpers/test-database';
import { LANTERN, startSmsService } from '../../helpers/sms-service';
import { inboundText, messageSid, postSignedForm } from '../../helpers/twilio-webhook';
import { waitFor } from '../../helpers/wait-for';

describe(`SMS through Twilio on ${testProvider}`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  beforeAll(async () => {
    sms = await startSmsService();
  });
  afterAll(() => sms.stop());
  beforeEach(() => sms.twilioApi.reset());

  const db = () => sms.db();
  const text = (params: Record<string, string>, signature?: string | null) => sms.text(params, signature);
  const sentTo = (phone: string) => sms.sentTo(phone);
  const nextPhone = () => sms.nextPhone();
  const settle = () => sms.settle();
  const welcomed = (phone: string) => sms.welcomed(phone);

  it('answers a text through the real Twilio SDK, replying from the number the person texted', async () => {
    const phone = nextPhone();
    const response = await text(inboundText(phone, LANTERN, 'hello'));
    expect(response.status).toBe(200);
    expect(response.body).toContain('<Response></Response>');
    const [welcome] = await sms.twilioApi.waitForSent(1);
    expect(welcome).toMatchObject({ to: phone, from: LANTERN, statusCallback: `${sms.publicBaseUrl}/api/sms/status` });
    expect(welcome?.body).toMatch(/Lantern/);
    const messages = await db().message.findMany({ where: { person: { phone } }, orderBy: { seq: 'asc' } });
    expect(messages[0]).toMatchObject({ direction: 'INBOUND', status: 'HANDLED', body: 'hello', seq: 1 });
    await waitFor(async () => (await db().message.findFirst({ where: { providerMessageId: welcome?.sid } }))?.status === 'SENDING', 'the welcome to be recorded as handed to Twilio');
  });

  it('keeps the text before answering the webhook, answers fast, and stores it once', async () => {
    const phone = nextPhone();
    const params = inboundText(phone, LANTERN, 'just checking in');
    const response = await text(params);
    expect(response.status).toBe(200);
    expect(response.ms).toBeLessThan(2000);
    // Kept by then: as a receipt, or already stored as a message by the intake.
    const where = { providerMessageId: params.MessageSid };
    expect((await db().inboundReceipt.count({ where })) + (await db().message.count({ where }))).toBeGreaterThanOrEqual(1);
    await settle();
    expect(await db().inboundReceipt.count({ where })).toBe(0);
    expect(await db().message.findMany({ where, select: { body: true, status: true } })).toEqual([{ body: 'just checking in', status: 'HANDLED' }]);
  });

  it('refuses forged and unsigned webhooks with 403 and stores nothing', async () => {
    const phone = nextPhone();
    const forged = inboundText(phone, LANTERN, 'forged');
    expect((await text(forged, 'bm90IGEgc2lnbmF0dXJl')).status).toBe(403);
    expect((await text(forged, null)).status).toBe(403);
    // Signed by someone who does not know the auth token.
    const wrongKey = await postSignedForm(`${sms.publicBaseUrl}/api/sms/inbound`, forged, { authToken: 'f'.repeat(32) });
    expect(wrongKey.status).toBe(403);
    expect(await db().message.count({ where: { providerMessageId: forged.MessageSid } })).toBe(0);
  });

  it('handles a repeated MessageSid once, also when both copies arrive together', async () => {
    const phone = nextPhone();
    const params = inboundText(phone, LANTERN, 'hello there');
    const responses = await Promise.all([text(params), text(params)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    expect((await text(params)).status).toBe(200);
    await settle();
    expect(await db().message.count({ where: { providerMessageId: params.MessageSid } })).toBe(1);
    // One welcome and one name question, each handed to Twilio once, however many copies of the webhook came.
    expect(sentTo(phone).map((m) => m.body)).toEqual([messages.welcome({ privacyUrl: `${sms.publicBaseUrl}/privacy` }), messages.askName()]);
    const outbound = await db().message.findMany({ where: { person: { phone }, direction: 'OUTBOUND' }, orderBy: { seq: 'asc' } });
    expect(outbound.map((m) => m.providerMessageId)).toEqual(sentTo(phone).map((m) => m.sid));
  });

  it('answers two texts a second apart in the order they came', async () => {
    const phone = nextPhone();
    await welcomed(phone);
    await text(inboundText(phone, LANTERN, 'I love gardening'));
    await text(inboundText(phone, LANTERN, 'what matters'));
    await waitFor(async () => sentTo(phone).some((m) => /gardening/i.test(m.body) && /1\./.test(m.body)), 'the list reply');
    const bodies = sentTo(phone).map((m) => m.body);
    const noted = bodies.findIndex((b) => /noted/i.test(b));
    const list = bodies.findIndex((b) => /1\./.test(b));
    expect(noted).toBeGreaterThanOrEqual(0);
    expect(list).toBeGreaterThan(noted);
  });

  it('retries a send Twilio fails and delivers it exactly once', async () => {
    const phone = nextPhone();
    sms.twilioApi.failNext(2, { status: 503, code: 20503, message: 'Service Unavailable' });
    await text(inboundText(phone, LANTERN, 'hello'));
    const [sent] = await sms.twilioApi.waitForSent(1);
    await sms.service.outbox.idle();
    await waitFor(async () => (await db().message.findFirst({ where: { providerMessageId: sent?.sid } })), 'the sent text to be recorded');
    const outbound = await db().message.findMany({ where: { person: { phone }, direction: 'OUTBOUND' } });
    expect(outbound.every((m) => m.status !== 'FAILED')).toBe(true);
    // Every text the bot wrote reached Twilio once, despite two refusals.
    await waitFor(async () => sentTo(phone).length === outbound.length && (await db().outboxEntry.count({ where: { message: { person: { phone } } } })) === 0, 'every text to be sent');
    expect(sentTo(phone).length).toBe(outbound.length);
    expect(sms.twilioApi.requests).toBe(outbound.length + 2);
  });

  it('records delivery reports once, never moving backwards, and shows coaches a failure', async () => {
    const phone = nextPhone();
    await text(inboundText(phone, LANTERN, 'hello'));
    const [sent] = await sms.twilioApi.waitForSent(1);
    const sid = sent?.sid as string;
    await waitFor(async () => db().message.findFirst({ where: { providerMessageId: sid } }), 'the SID to be stored');
    expect(await sms.twilioApi.sendStatusCallback(sid, 'sent')).toBe(200);
    expect(await sms.twilioApi.sendStatusCallback(sid, 'undelivered', '30003')).toBe(200);
    expect(await sms.twilioApi.sendStatusCallback(sid, 'undelivered', '30003')).toBe(200);
    // A late "sent" after the failure changes nothing.
    expect(await sms.twilioApi.sendStatusCallback(sid, 'sent')).toBe(200);
    const message = await db().message.findFirstOrThrow({ where: { providerMessageId: sid } });
    expect(message).toMatchObject({ status: 'UNDELIVERED', errorCode: '30003' });
    expect(await db().deliveryEvent.count({ where: { providerMessageId: sid } })).toBe(2);
    const conversation = await db().conversation.findFirstOrThrow({ where: { person: { phone } } });
    expect(conversation.deliveryFailedAt).not.toBeNull();
  });

  it("refuses a status that is only a name JavaScript objects have (toString, __proto__) as not Twilio's", async () => {
    for (const status of ['toString', '__proto__', 'constructor', 'hasOwnProperty']) {
      const response = await postSignedForm(`${sms.publicBaseUrl}/api/sms/status`, { MessageSid: messageSid(), MessageStatus: status }, { authToken: sms.twilioApi.authToken });
      expect({ status, code: response.status }).toEqual({ status, code: 400 });
    }
  });

  it('refuses a forged delivery report', async () => {
    const response = await postSignedForm(`${sms.publicBaseUrl}/api/sms/status`, { MessageSid: messageSid(), MessageStatus: 'delivered' }, { authToken: 'e'.repeat(32) });
    expect(response.status).toBe(403);
  });

  it('treats Twilio error 21610 as the person opting out at their carrier', async () => {
    const phone = nextPhone();
    sms.twilioApi.failNext(1, { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' });
    await text(inboundText(phone, LANTERN, 'hello'));
    const person = await waitFor(async () => {
      const found = await db().person.findFirst({ where: { phone } });
      return found?.optedOutAt ? found : null;
    }, 'the person to be opted out');
    expect(person.optOutSource).toBe('carrier');
    const failed = await db().message.findFirstOrThrow({ where: { personId: person.id, direction: 'OUTBOUND', status: 'FAILED' } });
    expect(failed.errorCode).toBe('21610');
  });

  it("mirrors Twilio's own STOP and START without a second reply", async () => {
    const phone = nextPhone();
    await welcomed(phone);
    expect((await text(inboundText(phone, LANTERN, 'STOP', { OptOutType: 'STOP' }))).status).toBe(200);
    await settle();
    const person = await db().person.findFirstOrThrow({ where: { phone } });
    expect(person).toMatchObject({ optOutSource: 'carrier' });
    expect(person.optedOutAt).not.toBeNull();
    await text(inboundText(phone, LANTERN, 'START', { OptOutType: 'START' }));
    await settle();
    expect((await db().person.findFirstOrThrow({ where: { phone } })).optedOutAt).toBeNull();
    await settle();
    expect(sentTo(phone)).toEqual([]);
  });

  it("delivers a coach's reply to a texting person through Twilio", async () => {
    const phone = nextPhone();
    await welcomed(phone);
    const person = await db().person.findFirstOrThrow({ where: { phone } });
    const coach = await db().staff.findFirstOrThrow({ where: { role: 'COACH' } });
    const [stored] = await sms.service.runtime.sendToPerson({ personId: person.id, text: 'Hi, I am Sam, one of the coaches. 🌱', sender: { author: 'COACH', staffId: coach.id } });
    const [sent] = await sms.twilioApi.waitForSent(1);
    expect(sent).toMatchObject({ to: phone, from: LANTERN, body: 'Hi, I am Sam, one of the coaches. 🌱' });
    await waitFor(async () => (await db().message.findUnique({ where: { id: stored?.id } }))?.providerMessageId === sent?.sid, 'the coach text to carry its SID');
    expect(await db().message.findUniqueOrThrow({ where: { id: stored?.id } })).toMatchObject({ author: 'COACH', authorStaffId: coach.id });
  });

  it('takes odd texts in its stride: emoji, empty, long', async () => {
    for (const body of ['🌻🌻🌻', '', 'x'.repeat(1600)]) {
      const phone = nextPhone();
      expect((await text(inboundText(phone, LANTERN, body))).status).toBe(200);
      await waitFor(async () => sentTo(phone).length > 0, `a reply to ${JSON.stringify(body.slice(0, 10))}`);
    }
  });

  it('refuses a malformed webhook with a clear 400', async () => {
    const response = await text({ ...inboundText(nextPhone(), LANTERN, 'hi'), MessageSid: 'not-a-sid' });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'bad-request', message: expect.stringMatching(/MessageSid/) } });
  });

  it('answers after a restart a text that was stored but never answered', async () => {
    const phone = nextPhone();
    await settle();
    await sms.service.stop();
    // As if the webhook had stored it and the process died before the bot answered.
    const offline = openDatabase(sms.database.config);
    await recordInbound(offline.db, {
      channel: 'SMS', address: phone, calledNumber: LANTERN, providerMessageId: messageSid(), body: 'hello, anyone there?',
      reference: JSON.stringify(smsReference(phone, LANTERN)),
    }, systemClock);
    await offline.close();
    await sms.startAgain();
    const [reply] = await waitFor(async () => sentTo(phone).length > 0 && sentTo(phone), 'the answer after restart');
    expect(reply).toMatchObject({ to: phone, from: LANTERN });
    await sms.service.inFlight.drain(5000);
    expect(await sms.service.database.db.message.count({ where: { person: { phone }, direction: 'INBOUND', status: 'RECEIVED' } })).toBe(0);
  });
});
