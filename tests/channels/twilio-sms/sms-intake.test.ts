import { messages } from '../../../dialogs/messages';
import { smsReference } from '../../../src/channels/twilio-sms/sms-reference';
import { recordInbound } from '../../../src/messaging/record-inbound';
import { systemClock } from '../../../src/lib/clock';
import { testProvider } from '../../helpers/test-database';
import { LANTERN, startSmsService } from '../../helpers/sms-service';
import { inboundText, messageSid } from '../../helpers/twilio-webhook';

// The webhook only keeps a receipt; the intake stores it. These are the moments a crash can fall
// between the two, replayed by writing what a dead instance would have left and starting again.
describe(`the SMS intake after a crash, on ${testProvider}`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  beforeAll(async () => {
    sms = await startSmsService();
  });
  afterAll(() => sms.stop());

  const leftReceipt = (phone: string, body: string, optOutType: string | null = null) => ({
    providerMessageId: messageSid(),
    channel: 'SMS' as const,
    address: phone,
    calledNumber: LANTERN,
    body,
    optOutType,
    reference: JSON.stringify(smsReference(phone, LANTERN)),
    receivedAt: new Date(),
    arrival: 0,
  });

  // First: after the restarts below, a pooled keep-alive socket to the old server can be reset.
  it('stores a burst of webhooks from many phones exactly once each, and answers every one', async () => {
    const phones = Array.from({ length: 40 }, () => sms.nextPhone());
    const texts = phones.flatMap((phone) => [inboundText(phone, LANTERN, 'hello'), inboundText(phone, LANTERN, 'skip')]);
    // Both texts of a phone are sent together, as a split SMS arrives: their order must hold.
    const responses = await Promise.all(phones.map(async (_, i) => [await sms.text(texts[2 * i]!), await sms.text(texts[2 * i + 1]!)]));
    expect(responses.flat().every((response) => response.status === 200)).toBe(true);
    await sms.settle();
    const sids = texts.map((t) => t.MessageSid!);
    const stored = await sms.db().message.findMany({ where: { providerMessageId: { in: sids } }, select: { providerMessageId: true, status: true, seq: true, person: { select: { phone: true } } } });
    expect(stored).toHaveLength(texts.length);
    expect(stored.every((m) => m.status === 'HANDLED')).toBe(true);
    for (const phone of phones) {
      const mine = stored.filter((m) => m.person.phone === phone).sort((a, b) => a.seq - b.seq);
      expect(mine.map((m) => m.providerMessageId)).toEqual(texts.filter((t) => t.From === phone).map((t) => t.MessageSid));
      expect(sms.sentTo(phone).filter((m) => m.body === messages.askName())).toHaveLength(1);
    }
  });

  it('stores and answers, in order, texts that were acknowledged to Twilio but not yet stored', async () => {
    const phone = sms.nextPhone();
    await sms.service.stop();
    const first = leftReceipt(phone, 'hello');
    await sms.db().inboundReceipt.createMany({ data: [first, { ...leftReceipt(phone, 'skip'), arrival: 1 }] });
    await sms.startAgain();
    await sms.settle();
    const inbound = await sms.db().message.findMany({ where: { person: { phone }, direction: 'INBOUND' }, orderBy: { seq: 'asc' } });
    expect(inbound.map((m) => [m.body, m.status])).toEqual([['hello', 'HANDLED'], ['skip', 'HANDLED']]);
    expect(inbound[0]?.providerMessageId).toBe(first.providerMessageId);
    expect(await sms.db().inboundReceipt.count()).toBe(0);
    const bodies = sms.sentTo(phone).map((m) => m.body);
    expect(bodies.slice(0, 2)).toEqual([messages.welcome({ privacyUrl: `${sms.publicBaseUrl}/privacy` }), messages.askName()]);
    expect(bodies.filter((body) => body === messages.askName())).toHaveLength(1);
  });

  it('finishes a carrier STOP whose text was stored but whose opt-out was not, and says nothing', async () => {
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    await sms.service.stop();
    const stop = leftReceipt(phone, 'STOP', 'STOP');
    // The dead instance had stored the message, then died before the opt-out and the receipt's deletion.
    await recordInbound(sms.db(), { channel: 'SMS', address: phone, calledNumber: LANTERN, providerMessageId: stop.providerMessageId, body: 'STOP', reference: stop.reference, handled: true }, systemClock);
    await sms.db().inboundReceipt.create({ data: stop });
    await sms.startAgain();
    await sms.settle();
    const person = await sms.db().person.findFirstOrThrow({ where: { phone } });
    expect(person.optedOutAt).not.toBeNull();
    expect(person.optOutSource).toBe('carrier');
    expect(await sms.db().message.count({ where: { providerMessageId: stop.providerMessageId } })).toBe(1);
    expect(sms.sentTo(phone)).toEqual([]);
    expect(await sms.db().inboundReceipt.count()).toBe(0);
  });

});
