import type { Db } from '../../src/db/client';
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
});
