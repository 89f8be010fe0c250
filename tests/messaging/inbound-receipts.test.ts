import { asUrgent, isUrgent } from '../../src/db/urgent';
import { systemClock } from '../../src/lib/clock';
import { InboundReceipts, type NewReceipt } from '../../src/messaging/inbound-receipts';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-database';
import { messageSid } from '../helpers/twilio-webhook';

describe(`kept receipts on ${testProvider}`, () => {
  let database: TestDatabase;
  const db = () => database.db;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.destroy());
  beforeEach(() => db().inboundReceipt.deleteMany());

  const receipt = (body: string, providerMessageId = messageSid()): NewReceipt => ({
    channel: 'SMS',
    providerMessageId,
    address: '+447700900123',
    calledNumber: '+447700900999',
    body,
    optOutType: null,
    reference: '{}',
  });

  it('commits texts that arrive together in one write, in arrival order', async () => {
    let writes = 0;
    const receipts = new InboundReceipts(db(), testProvider, systemClock, () => writes++);
    const bodies = Array.from({ length: 120 }, (_, i) => `text ${i} 🌱`);
    await Promise.all(bodies.map((body) => receipts.keep(receipt(body))));
    expect(writes).toBe(1);
    const kept = await db().inboundReceipt.findMany({ orderBy: [{ receivedAt: 'asc' }, { arrival: 'asc' }] });
    expect(kept.map((row) => row.body)).toEqual(bodies);
  });

  it('keeps every field as it came, emoji and empty numbers included, with the time it arrived', async () => {
    const arrivedAt = new Date('2026-12-24T23:59:58.123Z');
    const receipts = new InboundReceipts(db(), testProvider, { now: () => arrivedAt }, () => undefined);
    const odd = { ...receipt('🎄 "quoted", \\ back\nslash and 中文'), calledNumber: null, optOutType: 'HELP', reference: '{"a":[1,2]}' };
    await receipts.keep(odd);
    const [kept] = await db().inboundReceipt.findMany();
    expect(kept).toEqual({ ...odd, receivedAt: arrivedAt, arrival: 0 });
  });

  it('keeps a repeated MessageSid once, whether it repeats within one commit or later', async () => {
    const receipts = new InboundReceipts(db(), testProvider, systemClock, () => undefined);
    const twice = receipt('hello', messageSid());
    await Promise.all([receipts.keep(twice), receipts.keep(receipt('other')), receipts.keep(twice)]);
    await receipts.keep(twice);
    expect(await db().inboundReceipt.count()).toBe(2);
    expect(await db().inboundReceipt.count({ where: { providerMessageId: twice.providerMessageId } })).toBe(1);
  });

  it('tells every waiting webhook when its commit fails, so none answers Twilio "got it"', async () => {
    const receipts = new InboundReceipts(db(), testProvider, systemClock, () => undefined);
    const tooLongSid = { ...receipt('x'), channel: 'NOT_A_CHANNEL' as never };
    const results = await Promise.allSettled([receipts.keep(receipt('fine')), receipts.keep(tooLongSid)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(await db().inboundReceipt.count()).toBe(0);
    // The next arrival is written normally.
    await receipts.keep(receipt('after'));
    expect(await db().inboundReceipt.count()).toBe(1);
  });

  it('marks work as urgent only inside asUrgent, through awaits', async () => {
    expect(isUrgent()).toBe(false);
    await asUrgent(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(isUrgent()).toBe(true);
    });
    expect(isUrgent()).toBe(false);
  });
});
