import BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../../src/db/client';
import { SQLITE_BUSY_WAIT_MS } from '../../src/db/sqlite-adapter';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-database';

const onSqlite = testProvider === 'sqlite' ? describe : describe.skip;

onSqlite('the embedded SQLite connection', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = database.db;
  });
  afterAll(() => database.destroy());

  it('runs in WAL mode with foreign keys enforced and full sync', async () => {
    const [journal] = await db.$queryRawUnsafe<Array<{ journal_mode: string }>>('PRAGMA journal_mode');
    const [keys] = await db.$queryRawUnsafe<Array<{ foreign_keys: bigint }>>('PRAGMA foreign_keys');
    const [sync] = await db.$queryRawUnsafe<Array<{ synchronous: bigint }>>('PRAGMA synchronous');
    expect(journal?.journal_mode).toBe('wal');
    expect(Number(keys?.foreign_keys)).toBe(1);
    expect(Number(sync?.synchronous)).toBe(2);
  });

  it("does not lose a write made while another turn's transaction is open and then rolls back", async () => {
    let letOtherWriteStart!: () => void;
    const otherMayWrite = new Promise<void>((resolve) => (letOtherWriteStart = resolve));
    const failing = db.$transaction(async (tx) => {
      await tx.organisation.create({ data: { name: 'rolled back' } });
      letOtherWriteStart();
      await new Promise((resolve) => setTimeout(resolve, 50));
      throw new Error('this turn failed');
    });
    await otherMayWrite;
    // Prisma queries are lazy: .then() starts this one now, while the other transaction is open.
    // A raw write is used because Prisma wraps its own writes in a transaction of their own.
    const independent = db.$executeRaw`INSERT INTO "Organisation" (id, name, "createdAt") VALUES ('independent', 'independent write', ${new Date()})`.then((rows) => rows);

    await expect(failing).rejects.toThrow('this turn failed');
    await independent;
    const names = (await db.organisation.findMany()).map((organisation) => organisation.name);
    expect(names).toContain('independent write');
    expect(names).not.toContain('rolled back');
  });

  describe('when another process holds the write lock (a backup, the CLI)', () => {
    let holder: BetterSqlite3.Database;
    beforeEach(() => {
      holder = new BetterSqlite3(database.config.provider === 'sqlite' ? database.config.filePath : '', { fileMustExist: true });
    });
    afterEach(() => holder.close());

    const writeName = (name: string) => db.organisation.create({ data: { name } });
    const namesStored = async () => (await db.organisation.findMany()).map((organisation) => organisation.name);

    it('waits for the lock without freezing the server, then writes', async () => {
      holder.exec('BEGIN IMMEDIATE');
      let ticks = 0;
      const ticker = setInterval(() => (ticks += 1), 10);
      const lockedAt = Date.now();
      setTimeout(() => holder.exec('ROLLBACK'), 400);
      try {
        await db.$transaction(async (tx) => {
          await tx.organisation.create({ data: { name: 'written after the lock' } });
        });
        await writeName('plain write after the lock');
      } finally {
        clearInterval(ticker);
      }
      expect(Date.now() - lockedAt).toBeGreaterThanOrEqual(390);
      // A synchronous busy wait would have stopped the timer for the whole 400 ms.
      expect(ticks).toBeGreaterThan(10);
      expect(await namesStored()).toEqual(expect.arrayContaining(['written after the lock', 'plain write after the lock']));
    });

    it('gives up with an error after a few seconds and leaves the connection fit for the next write', async () => {
      holder.exec('BEGIN IMMEDIATE');
      const started = Date.now();
      await expect(writeName('refused')).rejects.toThrow();
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(SQLITE_BUSY_WAIT_MS - 200);
      expect(waited).toBeLessThan(SQLITE_BUSY_WAIT_MS + 2_000);
      // A transaction gives up sooner, at Prisma's own wait for a transaction to start.
      const blocked = db.$transaction(async (tx) => {
        await tx.organisation.create({ data: { name: 'never written' } });
      });
      await expect(blocked).rejects.toThrow();
      holder.exec('ROLLBACK');

      await writeName('written once the lock is gone');
      expect(await namesStored()).toContain('written once the lock is gone');
      expect(await namesStored()).not.toContain('never written');
      expect(await namesStored()).not.toContain('refused');
    }, 30_000);
  });
});
