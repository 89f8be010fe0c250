import { createOrganisation } from '../../src/domain/organisations/create-organisation';
import { systemClock } from '../../src/lib/clock';
import { commitReplies } from '../../src/messaging/commit-replies';
import { recordInbound, type InboundMessage } from '../../src/messaging/record-inbound';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-database';

describe(`storing inbound messages (${testProvider})`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    await createOrganisation(database.db, { name: 'Northside PCN' });
  });
  afterAll(() => database.destroy());

  const text = (n: number, id = `SM${String(n).padStart(32, '0')}`): InboundMessage => ({
    channel: 'SMS', address: `+447700900${400 + n}`, providerMessageId: id, body: `hello ${n}`, reference: '{}',
  });

  it('stores copies arriving together once, numbered in order', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => recordInbound(database.db, text(1), systemClock)));
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await database.db.message.count({ where: { providerMessageId: text(1).providerMessageId } })).toBe(1);
  });

  it('answers a message while copies of it are still arriving, without deadlock or loss', async () => {
    for (let round = 0; round < 30; round++) {
      const inbound = text(10 + round);
      // Every copy starts at once; whichever is stored first is answered straight away, while the others are mid-flight.
      const outcomes = await Promise.all([1, 2, 3, 4, 5, 6].map(async () => {
        const recorded = await recordInbound(database.db, inbound, systemClock);
        if (recorded.duplicate) return 'duplicate';
        const answer = await commitReplies(database.db, {
          personId: recorded.person.id, conversationId: recorded.person.conversation.id, answering: recorded.message.id,
          replies: [{ channel: 'SMS', author: 'BOT', body: 'Thanks for telling me.' }],
        }, systemClock);
        return answer.outcome;
      }));
      expect(outcomes.filter((o) => o === 'committed')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(5);
      const timeline = await database.db.message.findMany({ where: { person: { phone: inbound.address } }, orderBy: { seq: 'asc' } });
      expect(timeline.map((m) => [m.seq, m.direction, m.status])).toEqual([[1, 'INBOUND', 'HANDLED'], [2, 'OUTBOUND', 'QUEUED']]);
    }
  });
});
