import { createOrganisation } from '../../src/domain/organisations/create-organisation';
import { createPerson } from '../../src/domain/people/create-person';
import { erasePerson } from '../../src/domain/people/erase-person';
import type { Db } from '../../src/db/client';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-database';

describe(`the data layer on ${testProvider}`, () => {
  let database: TestDatabase;
  let db: Db;
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    organisationId = (await createOrganisation(db, { name: 'Northside PCN' })).id;
  });
  afterAll(() => database.destroy());

  async function personWithConversation(phone: string) {
    const person = await createPerson(db, { organisationId, phone });
    const conversation = await db.conversation.findUniqueOrThrow({ where: { personId: person.id } });
    return { person, conversation };
  }

  it('stores a UK number typed in national format as E.164', async () => {
    const person = await createPerson(db, { organisationId, phone: '07911 123456' });
    expect(person.phone).toBe('+447911123456');
    const address = await db.channelAddress.findFirstOrThrow({ where: { personId: person.id } });
    expect(address).toMatchObject({ channel: 'SMS', address: '+447911123456' });
  });

  it.each([
    ['(07700) 900-001', '+447700900001'],
    ['+44 7700 900002', '+447700900002'],
    ['0044 7700 900003', '+447700900003'],
  ])('normalises %s to %s', async (typed, stored) => {
    expect((await createPerson(db, { organisationId, phone: typed })).phone).toBe(stored);
  });

  it('refuses something that is not a phone number, storing nothing', async () => {
    const before = await db.person.count();
    await expect(createPerson(db, { organisationId, phone: '12345' })).rejects.toThrow('not a phone number');
    expect(await db.person.count()).toBe(before);
  });

  it('keeps one person per number in an organisation', async () => {
    await createPerson(db, { organisationId, phone: '07700 900010' });
    await expect(createPerson(db, { organisationId, phone: '+447700900010' })).rejects.toThrow();
  });

  it('stores a provider message id only once', async () => {
    const { person, conversation } = await personWithConversation('07700 900020');
    const message = {
      conversationId: conversation.id,
      personId: person.id,
      direction: 'INBOUND' as const,
      channel: 'SMS' as const,
      author: 'PERSON' as const,
      body: 'hiya 👋',
      status: 'RECEIVED' as const,
      providerMessageId: 'SM0123456789abcdef0123456789abcdef',
    };
    await db.message.create({ data: { ...message, seq: 1 } });
    await expect(db.message.create({ data: { ...message, seq: 2 } })).rejects.toMatchObject({ code: 'P2002' });
    expect(await db.message.count({ where: { providerMessageId: message.providerMessageId } })).toBe(1);
  });

  it('keeps many messages without a provider id (e.g. not yet sent)', async () => {
    const { person, conversation } = await personWithConversation('07700 900021');
    const queued = { conversationId: conversation.id, personId: person.id, direction: 'OUTBOUND' as const, channel: 'SMS' as const, author: 'BOT' as const, body: 'Hello', status: 'QUEUED' as const };
    await db.message.createMany({ data: [{ ...queued, seq: 1 }, { ...queued, seq: 2 }] });
    expect(await db.message.count({ where: { personId: person.id, providerMessageId: null } })).toBe(2);
  });

  it('gives each message in a conversation its own place in the timeline', async () => {
    const { person, conversation } = await personWithConversation('07700 900022');
    const message = { conversationId: conversation.id, personId: person.id, direction: 'OUTBOUND' as const, channel: 'SMS' as const, author: 'BOT' as const, body: 'Hello', status: 'QUEUED' as const, seq: 1 };
    await db.message.create({ data: message });
    await expect(db.message.create({ data: message })).rejects.toMatchObject({ code: 'P2002' });
  });

  it('erasing a person removes their messages, what matters, check-ins and notes, and leaves an audit event without content', async () => {
    const { person, conversation } = await personWithConversation('07700 900030');
    await db.message.create({
      data: { conversationId: conversation.id, personId: person.id, direction: 'INBOUND', channel: 'SMS', author: 'PERSON', body: 'I love my allotment', status: 'HANDLED', seq: 1 },
    });
    await db.whatMattersItem.create({ data: { personId: person.id, category: 'PASSIONS_AND_INTERESTS', text: 'my allotment' } });
    await db.checkIn.create({ data: { personId: person.id, words: 'not bad', score: 6 } });
    await db.coachNote.create({ data: { personId: person.id, body: 'Mentioned the allotment society' } });
    const practice = await db.practice.create({ data: { organisationId, odsCode: 'F85002', name: 'Riverside Surgery' } });
    await db.referral.create({
      data: { organisationId, practiceId: practice.id, codeHash: 'hash-1', phone: person.phone as string, consentConfirmed: true, expiresAt: new Date(Date.now() + 86_400_000) },
    });

    await erasePerson(db, { personId: person.id, actor: { type: 'person' } });

    expect(await db.person.findUnique({ where: { id: person.id } })).toBeNull();
    for (const count of [
      db.message.count({ where: { personId: person.id } }),
      db.whatMattersItem.count({ where: { personId: person.id } }),
      db.checkIn.count({ where: { personId: person.id } }),
      db.coachNote.count({ where: { personId: person.id } }),
      db.conversation.count({ where: { id: conversation.id } }),
      db.channelAddress.count({ where: { personId: person.id } }),
      db.referral.count({ where: { phone: '+447700900030' } }),
    ]) {
      expect(await count).toBe(0);
    }
    const audit = await db.auditEvent.findFirstOrThrow({ where: { personId: person.id, action: 'person.erased' } });
    expect(JSON.parse(audit.detail)).toEqual({ messages: 1, whatMatters: 1, notes: 1, checkIns: 1 });
    expect(audit.detail).not.toMatch(/allotment|\+44/);
  });

  it('round-trips emoji, right-to-left text and a long message exactly', async () => {
    const { person, conversation } = await personWithConversation('07700 900040');
    const bodies = ['🌻🏳️‍🌈 feeling ok', 'مرحبا، أنا بخير', 'x'.repeat(20_000), 'line one\nline two\ttabbed'];
    for (const [index, body] of bodies.entries()) {
      const stored = await db.message.create({
        data: { conversationId: conversation.id, personId: person.id, direction: 'INBOUND', channel: 'WEB_CHAT', author: 'PERSON', body, status: 'RECEIVED', seq: index + 1 },
      });
      expect((await db.message.findUniqueOrThrow({ where: { id: stored.id } })).body).toBe(body);
    }
  });

  it('reads back timestamps to the millisecond', async () => {
    const when = new Date('2026-12-25T09:30:15.123Z');
    const { person } = await personWithConversation('07700 900050');
    await db.person.update({ where: { id: person.id }, data: { pausedUntil: when } });
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).pausedUntil?.toISOString()).toBe(when.toISOString());
  });
});
