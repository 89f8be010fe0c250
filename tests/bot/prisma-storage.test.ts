import { randomBytes } from 'node:crypto';
import { AutoSaveStateMiddleware, ConversationState, MemoryStorage, TestAdapter, UserState, type Storage } from 'botbuilder';
import { ETagConflictError, HeldStateWrites, holdingStateWrites, PrismaStorage } from '../../src/bot/prisma-storage';
import type { Db } from '../../src/db/client';
import { openDatabase, type Database } from '../../src/db/open-database';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-database';

describe(`PrismaStorage on ${testProvider}`, () => {
  let database: TestDatabase;
  let db: Db;
  /** A second connection pool on the same database, standing in for another Lantern process. */
  let otherProcess: Database;
  let storage: PrismaStorage;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
    otherProcess = openDatabase(database.config, { poolSize: 4 });
    storage = new PrismaStorage(db);
  });
  afterAll(async () => {
    await otherProcess.close();
    await database.destroy();
  });
  beforeEach(() => db.botState.deleteMany());

  const key = 'sms/conversations/+447700900123';
  const eTagOf = async (k: string) => ((await storage.read([k]))[k] as { eTag: string } | undefined)?.eTag;

  describe('read and write', () => {
    it('returns nothing for keys never written', async () => {
      expect(await storage.read([key, 'webchat/users/nobody'])).toEqual({});
      expect(await storage.read([])).toEqual({});
    });

    const nested = {
      name: 'Zoë 🌻',
      whatMatters: [{ category: 'INTEREST', text: 'allotment 🥕, choir — Tuesdays' }, { text: 'مرحبا 你好' }],
      dialogState: { dialogStack: [{ id: 'check-in', state: { options: {}, values: { instanceId: 'x' }, stepIndex: 2 } }] },
      empty: null,
      deep: { a: { b: { c: { d: [1, 2.5, 0, true, false, ''] } } } },
    };
    it.each([
      ['an SMS conversation', 'sms/conversations/+447700900123'],
      ['a Teams user with / and |', 'msteams/users/29:1AbC-dEf|x/y?z=1&w=%20'],
      ['emoji and accents', 'webchat/conversations/🙂🏳️‍🌈 café/ünïcödé'],
      ['a very long key', `directline/conversations/${randomBytes(4000).toString('base64')}`],
      ['a NUL character', 'odd/\u0000/key'],
      ['a lone surrogate', 'odd/\uD800/key'],
      ['"__proto__"', '__proto__'],
      ['what looks like a stored hash', 'sha256:0123456789abcdef'],
    ])('round-trips an item under %s, with an eTag', async (_, awkwardKey) => {
      await storage.write({ [awkwardKey]: nested });
      const items = await storage.read([awkwardKey, 'missing']);
      expect(Object.keys(items)).toEqual([awkwardKey]);
      expect(items[awkwardKey]).toEqual({ ...nested, eTag: expect.any(String) });
    });

    it('keeps keys apart that differ only in a lone surrogate or past the length limit', async () => {
      const long = 'x'.repeat(5000);
      const keys = ['odd/\uD800', 'odd/\uD801', `${long}a`, `${long}b`];
      await storage.write(Object.fromEntries(keys.map((k, index) => [k, { index }])));
      const items = await storage.read(keys);
      expect(keys.map((k) => (items[k] as { index: number }).index)).toEqual([0, 1, 2, 3]);
    });

    it('serialises dates and drops undefined exactly as MemoryStorage does', async () => {
      const item = { at: new Date('2026-03-01T09:30:00.000Z'), nested: { when: new Date(0) }, gone: undefined };
      const memory = new MemoryStorage();
      await memory.write({ [key]: item });
      await storage.write({ [key]: item });
      const { eTag: _memoryETag, ...fromMemory } = (await memory.read([key]))[key];
      const { eTag: _ourETag, ...fromDatabase } = (await storage.read([key]))[key];
      expect(fromDatabase).toStrictEqual(fromMemory);
      expect(fromDatabase).toEqual({ at: '2026-03-01T09:30:00.000Z', nested: { when: '1970-01-01T00:00:00.000Z' } });
    });

    it("leaves the caller's objects alone, and what it returns is a copy", async () => {
      const item = { eTag: '*', count: 1, nested: { list: [1] } };
      const before = structuredClone(item);
      await storage.write({ [key]: Object.freeze(item) });
      expect(item).toEqual(before);
      const read = (await storage.read([key]))[key];
      read.nested.list.push(2);
      expect((await storage.read([key]))[key].nested.list).toEqual([1]);
    });

    it('refuses an item that is not an object, naming the key', async () => {
      await expect(storage.write({ [key]: [1, 2] })).rejects.toThrow(`cannot write "${key}"`);
      await expect(storage.write({ [key]: { eTag: 42 } })).rejects.toThrow('eTag');
      expect(await storage.read([key])).toEqual({});
    });

    it.each([
      ['not JSON', '{"count": 1'],
      ['an array', '[1, 2]'],
      ['a string', '"hello"'],
      ['null', 'null'],
    ])('throws naming the key when the stored data is %s', async (_, data) => {
      await db.botState.create({ data: { key, data, eTag: 'e1' } });
      await expect(storage.read([key])).rejects.toThrow(`stored state for "${key}" is corrupt`);
    });
  });

  describe('the eTag contract, case by case, next to MemoryStorage', () => {
    type Sent = 'none' | 'null' | 'empty' | '*' | 'current' | 'stale';
    const eTagToSend = (sent: Sent, current: string | undefined): string | null | undefined =>
      ({ none: undefined, null: null, empty: '', '*': '*', current, stale: 'stale-etag' })[sent];

    /** Runs one case against a storage; returns what happened and what is stored after. */
    async function attempt(target: Storage, stored: boolean, sent: Sent) {
      const k = `case/${randomBytes(4).toString('hex')}`;
      if (stored) await target.write({ [k]: { value: 'old' } });
      const current = stored ? ((await target.read([k]))[k] as { eTag: string }).eTag : undefined;
      const eTag = eTagToSend(sent, current);
      const outcome = await target.write({ [k]: { value: 'new', ...(eTag === undefined ? {} : { eTag }) } }).then(
        () => 'written',
        (error: Error) => (/eTag conflict/.test(error.message) ? 'conflict' : error.message),
      );
      const after = (await target.read([k]))[k] as { value: string; eTag: string } | undefined;
      return { outcome, value: after?.value, eTagChanged: after?.eTag !== current };
    }

    it.each<[string, boolean, Sent, string]>([
      ['no eTag over a stored item', true, 'none', 'written'],
      ['a null eTag over a stored item', true, 'null', 'written'],
      ['an empty eTag over a stored item', true, 'empty', 'written'],
      ["'*' over a stored item", true, '*', 'written'],
      ['the current eTag', true, 'current', 'written'],
      ['a stale eTag', true, 'stale', 'conflict'],
      ['no eTag for a new key', false, 'none', 'written'],
      ["'*' for a new key", false, '*', 'written'],
      ['a specific eTag for a new key', false, 'stale', 'written'],
    ])('writing with %s', async (_, stored, sent, expected) => {
      const ours = await attempt(storage, stored, sent);
      const memory = await attempt(new MemoryStorage(), stored, sent);
      expect(ours.outcome).toBe(expected);
      // A refused write leaves the old item and its eTag; a write stores the new one, new eTag.
      expect(ours).toEqual(expected === 'written' ? { outcome: 'written', value: 'new', eTagChanged: true } : { outcome: 'conflict', value: 'old', eTagChanged: false });
      expect(memory).toEqual(ours);
    });

    it('gives every write a new eTag, and a stale eTag throws an ETagConflictError', async () => {
      const seen = new Set<string | undefined>();
      await storage.write({ [key]: { turn: 1 } });
      seen.add(await eTagOf(key));
      await storage.write({ [key]: { turn: 1 } }); // same content, still a new eTag
      seen.add(await eTagOf(key));
      const current = await eTagOf(key);
      await storage.write({ [key]: { turn: 2, eTag: current } });
      seen.add(await eTagOf(key));
      expect(seen.size).toBe(3);
      await expect(storage.write({ [key]: { turn: 3, eTag: current } })).rejects.toBeInstanceOf(ETagConflictError);
      expect((await storage.read([key]))[key]).toMatchObject({ turn: 2 });
    });

    it('writes a batch all or nothing', async () => {
      await storage.write({ a: { value: 'old' }, b: { value: 'old' } });
      await expect(storage.write({ a: { value: 'new', eTag: '*' }, b: { value: 'new', eTag: 'stale' } })).rejects.toThrow(ETagConflictError);
      expect(await storage.read(['a', 'b'])).toEqual({ a: expect.objectContaining({ value: 'old' }), b: expect.objectContaining({ value: 'old' }) });
    });
  });

  describe('delete', () => {
    it('removes the keys given, ignores missing ones and leaves the rest', async () => {
      const long = `odd/${'🙂'.repeat(1000)}`;
      await storage.write({ a: { n: 1 }, b: { n: 2 }, [long]: { n: 3 } });
      await storage.delete(['a', long, 'never-written']);
      expect(await storage.read(['a', 'b', long])).toEqual({ b: { n: 2, eTag: expect.any(String) } });
      await storage.delete([]);
      await storage.delete(['a']);
    });
  });

  describe('concurrent writers', () => {
    const writers = 6;
    // Alternate between the two pools, as two Lantern processes would.
    const storageFor = (index: number) => new PrismaStorage(index % 2 === 0 ? db : otherProcess.db);

    it('lets exactly one of several writers holding the same eTag win', async () => {
      for (let round = 0; round < 5; round += 1) {
        await storage.write({ [key]: { winner: null } });
        const eTag = await eTagOf(key);
        const results = await Promise.allSettled(
          Array.from({ length: writers }, (_, index) => storageFor(index).write({ [key]: { winner: index, eTag } })),
        );
        const won = results.flatMap((result, index) => (result.status === 'fulfilled' ? [index] : []));
        expect(won).toHaveLength(1);
        for (const result of results) {
          if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ETagConflictError);
        }
        expect((await storage.read([key]))[key]).toMatchObject({ winner: won[0] });
      }
    });

    it('lets exactly one writer create a new key when each sends a specific eTag', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: writers }, (_, index) => storageFor(index).write({ [key]: { winner: index, eTag: 'from-elsewhere' } })),
      );
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    });

    it("lets every unconditional writer through, last writer wins, as the SDK's state expects", async () => {
      const results = await Promise.allSettled(
        Array.from({ length: writers }, (_, index) => storageFor(index).write({ [key]: { writer: index, eTag: '*' } })),
      );
      expect(results.map((result) => result.status)).toEqual(Array(writers).fill('fulfilled'));
      expect((await storage.read([key]))[key]).toHaveProperty('writer');
    });
  });

  describe("under botbuilder's own ConversationState and UserState", () => {
    /** A bot that counts messages in the conversation and turns per person, saving state after each turn. */
    function countingBot(target: Storage) {
      const conversationState = new ConversationState(target);
      const userState = new UserState(target);
      const messages = conversationState.createProperty<number>('messages');
      const turns = userState.createProperty<{ count: number; firstSeen: string }>('turns');
      const adapter = new TestAdapter(async (context) => {
        const count = (await messages.get(context, 0)) + 1;
        await messages.set(context, count);
        const mine = await turns.get(context, { count: 0, firstSeen: new Date().toISOString() });
        mine.count += 1;
        await context.sendActivity(`${count}`);
      });
      adapter.use(new AutoSaveStateMiddleware(conversationState, userState));
      return adapter;
    }

    it('keeps the count across turns and across a restart', async () => {
      await countingBot(new PrismaStorage(db)).send('hello').assertReply('1').send('it’s me again 👋').assertReply('2');
      // A restart: new storage, new state objects, another connection to the same database.
      await countingBot(new PrismaStorage(otherProcess.db)).send('still there?').assertReply('3');

      const rows = await db.botState.findMany({ orderBy: { key: 'asc' } });
      expect(rows.map((row) => row.key)).toEqual(['test/conversations/Convo1/', 'test/users/user1/']);
      const userItem = (await storage.read(['test/users/user1/']))['test/users/user1/'];
      expect(userItem.turns).toEqual({ count: 3, firstSeen: expect.any(String) });
    });
  });

  describe("a turn's writes held for its commit", () => {
    it('reads back what the turn wrote, and writes nothing until the commit', async () => {
      await storage.write({ [key]: { step: 1 } });
      const before = await eTagOf(key);
      const held = new HeldStateWrites();
      const seenInTurn = await holdingStateWrites(held, async () => {
        const item = (await storage.read([key]))[key] as { step: number; eTag: string };
        await storage.write({ [key]: { ...item, step: 2 } });
        const again = (await storage.read([key]))[key] as { step: number; eTag: string };
        await storage.write({ [key]: { ...again, step: 3 } });
        return (await storage.read([key]))[key];
      });
      expect(seenInTurn).toMatchObject({ step: 3 });
      expect(await storage.read([key])).toEqual({ [key]: { step: 1, eTag: before } });

      await db.$transaction((tx) => held.writeIn(tx));
      expect((await storage.read([key]))[key]).toMatchObject({ step: 3, eTag: (seenInTurn as { eTag: string }).eTag });
    });

    it('refuses a write from a stale read in the turn, and the commit refuses one that went stale outside it', async () => {
      await storage.write({ [key]: { step: 1 } });
      const stale = (await storage.read([key]))[key] as { eTag: string };
      const held = new HeldStateWrites();
      await holdingStateWrites(held, async () => {
        await storage.write({ [key]: { ...stale, step: 2 } });
        await expect(storage.write({ [key]: { ...stale, step: 'stale' } })).rejects.toThrow(ETagConflictError);
      });
      // Another instance saved the same state in the meantime: the held write no longer applies.
      await storage.write({ [key]: { step: 'other instance' } });
      await expect(db.$transaction((tx) => held.writeIn(tx))).rejects.toThrow(ETagConflictError);
      expect((await storage.read([key]))[key]).toMatchObject({ step: 'other instance' });
    });

    it('deletes at once (after an erasure there may be no commit) and forgets a held write to the key', async () => {
      await storage.write({ [key]: { step: 1 } });
      const held = new HeldStateWrites();
      await holdingStateWrites(held, async () => {
        await storage.write({ [key]: { step: 2 } });
        await storage.delete([key]);
        expect(await storage.read([key])).toEqual({});
      });
      expect(await storage.read([key])).toEqual({});
      await db.$transaction((tx) => held.writeIn(tx));
      expect(await storage.read([key])).toEqual({});
    });
  });
});
