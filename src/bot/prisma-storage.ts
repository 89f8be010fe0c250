import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import { z } from 'zod';
import type { Db, DbOrTransaction, DbTransaction } from '../db/client';
import { isUniqueViolation } from '../db/errors';

// Bot Framework state (ConversationState, UserState, dialog stacks) in the BotState table, with
// the eTag contract of botbuilder's MemoryStorage: no eTag or '*' writes unconditionally; any
// other eTag writes only over a stored item with that eTag, and otherwise throws. The eTag
// lives in its own column so the check is one conditional UPDATE, atomic on SQLite and on
// PostgreSQL across processes.

/** Thrown by `write` when an item's eTag no longer matches the stored one. */
export class ETagConflictError extends Error {
  override name = 'ETagConflictError';
  constructor(readonly key: string) {
    // Same wording as MemoryStorage, so logs read alike whichever storage is in use.
    super(`Storage: error writing "${key}" due to eTag conflict.`);
  }
}

const keysSchema = z.array(z.string());
// Like MemoryStorage, any non-array object is accepted, and a null eTag counts as none; only an
// eTag of another type is refused.
const storeItemSchema = z.looseObject({ eTag: z.string().nullish() });
const storedDataSchema = z.looseObject({});

// Keys go in a primary key column, which PostgreSQL cannot hold beyond ~2.7 kB (a btree limit)
// nor with NUL characters, and both databases store text as UTF-8, which turns every lone
// surrogate into U+FFFD so two different keys would share a row. Such keys, and any that start
// with the marker, are stored as a hash of their UTF-16 code units instead; the mapping is
// one-to-one, so read, write and delete all agree. Changing these constants orphans stored state.
const HASHED_KEY_MARKER = 'sha256:';
const MAX_PLAIN_KEY_BYTES = 1024;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function storedKey(key: string): string {
  const plain =
    !LONE_SURROGATE.test(key) &&
    !key.includes('\u0000') &&
    !key.startsWith(HASHED_KEY_MARKER) &&
    Buffer.byteLength(key, 'utf8') <= MAX_PLAIN_KEY_BYTES;
  if (plain) return key;
  return HASHED_KEY_MARKER + createHash('sha256').update(key, 'utf16le').digest('hex');
}

interface PendingWrite {
  key: string;
  storedKey: string;
  /** Serialised item without its eTag (the column holds that). */
  data: string;
  /** The eTag the stored item must have, or undefined to write unconditionally. */
  ifMatch: string | undefined;
  /**
   * A fresh random eTag per write: a content hash would repeat for identical state, letting a
   * stale writer's eTag match again (the ABA problem).
   */
  eTag: string;
}

function prepareWrite(key: string, item: unknown): PendingWrite {
  const checked = storeItemSchema.safeParse(item);
  if (!checked.success) {
    throw new Error(`Storage: cannot write "${key}": ${z.prettifyError(checked.error)}`);
  }
  // Destructuring copies, so the caller's object is never touched. Dates become ISO strings here,
  // as in MemoryStorage and the Azure storages.
  const { eTag: _stored_in_its_own_column, ...rest } = item as StoreItem;
  const { eTag } = checked.data;
  const ifMatch = eTag === undefined || eTag === null || eTag === '' || eTag === '*' ? undefined : eTag;
  return { key, storedKey: storedKey(key), data: JSON.stringify(rest), ifMatch, eTag: randomUUID() };
}

function parseStoredItem(key: string, row: { data: string; eTag: string }): StoreItem {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.data);
  } catch (error) {
    throw new Error(`Storage: stored state for "${key}" is corrupt: not JSON (${String(error)})`);
  }
  if (!storedDataSchema.safeParse(parsed).success) {
    throw new Error(`Storage: stored state for "${key}" is corrupt: not a JSON object`);
  }
  // The column's eTag wins over anything in the data.
  return { ...(parsed as Record<string, unknown>), eTag: row.eTag };
}

async function writeOne(client: DbOrTransaction, write: PendingWrite): Promise<void> {
  const row = { data: write.data, eTag: write.eTag };
  if (write.ifMatch === undefined) {
    // A native upsert (INSERT … ON CONFLICT), so concurrent first writes to a key don't collide;
    // the concurrent-writers test would catch a select-then-insert.
    await client.botState.upsert({ where: { key: write.storedKey }, create: { key: write.storedKey, ...row }, update: row });
    return;
  }
  const { count } = await client.botState.updateMany({ where: { key: write.storedKey, eTag: write.ifMatch }, data: row });
  if (count === 1) return;
  // Nothing matched: either the item changed since it was read (a conflict), or it doesn't exist,
  // which MemoryStorage writes whatever the eTag. The primary key decides between the two
  // atomically: create fails if another writer got there first.
  try {
    await client.botState.create({ data: { key: write.storedKey, ...row } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ETagConflictError(write.key);
    throw error;
  }
}

/**
 * A turn's state writes, held back so they commit in the transaction that stores the turn's
 * replies: the dialog moves on exactly when the person gets its answer. Were state saved on its
 * own and the replies' commit then failed, the retried turn would start from the later state.
 */
export class HeldStateWrites {
  private readonly writes = new Map<string, PendingWrite>();

  /** Holds a write; a later write to the same key replaces it, checked against the held eTag. */
  hold(write: PendingWrite): void {
    const held = this.writes.get(write.storedKey);
    if (held && write.ifMatch !== undefined && write.ifMatch !== held.eTag) throw new ETagConflictError(write.key);
    this.writes.set(write.storedKey, held ? { ...write, ifMatch: held.ifMatch } : write);
  }

  held(storedKeyOf: string): PendingWrite | undefined {
    return this.writes.get(storedKeyOf);
  }

  forget(storedKeyOf: string): void {
    this.writes.delete(storedKeyOf);
  }

  /** Writes everything held, in key order (one lock order, as PrismaStorage.write). */
  async writeIn(tx: DbTransaction): Promise<void> {
    const writes = [...this.writes.values()].sort((a, b) => (a.storedKey < b.storedKey ? -1 : a.storedKey > b.storedKey ? 1 : 0));
    for (const write of writes) await writeOne(tx, write);
  }
}

const holding = new AsyncLocalStorage<HeldStateWrites>();

/** Runs a turn with its state writes held in `writes` instead of written. */
export function holdingStateWrites<T>(writes: HeldStateWrites, turn: () => Promise<T>): Promise<T> {
  return holding.run(writes, turn);
}

/** Bot Framework `Storage` on Lantern's database (SQLite or PostgreSQL). Inside holdingStateWrites, writes wait for the turn's commit. */
export class PrismaStorage implements Storage {
  constructor(private readonly db: Db) {}

  /** Returns only the keys that exist, each item with its current `eTag`. */
  async read(keys: string[]): Promise<StoreItems> {
    const wanted = new Map(keysSchema.parse(keys).map((key) => [storedKey(key), key]));
    // What this turn has written already reads back as written.
    const held = holding.getStore();
    const heldRows = held ? [...wanted.keys()].flatMap((stored) => held.held(stored) ?? []).map((write) => ({ key: write.storedKey, data: write.data, eTag: write.eTag })) : [];
    const unheld = [...wanted.keys()].filter((stored) => !heldRows.some((row) => row.key === stored));
    const rows = unheld.length === 0 ? [] : await this.db.botState.findMany({
      where: { key: { in: unheld } },
      select: { key: true, data: true, eTag: true },
    });
    // fromEntries defines properties, so even a key named "__proto__" comes back as itself.
    return Object.fromEntries(
      [...heldRows, ...rows].flatMap((row) => {
        const key = wanted.get(row.key);
        return key === undefined ? [] : [[key, parseStoredItem(key, row)]];
      }),
    );
  }

  /**
   * Writes every item, or none: a batch of several keys runs in one transaction, so an eTag
   * conflict on one leaves the others unwritten (MemoryStorage would write the rest).
   */
  async write(changes: StoreItems): Promise<void> {
    const writes = Object.entries(changes)
      .map(([key, item]) => prepareWrite(key, item))
      // One lock order for every batch, so two batches can't deadlock on PostgreSQL.
      .sort((a, b) => (a.storedKey < b.storedKey ? -1 : a.storedKey > b.storedKey ? 1 : 0));
    const [only] = writes;
    if (only === undefined) return;
    const held = holding.getStore();
    if (held) {
      for (const write of writes) held.hold(write);
      return;
    }
    // ConversationState and UserState write one key at a time; skip the transaction for those.
    if (writes.length === 1) return writeOne(this.db, only);
    await this.db.$transaction(async (tx) => {
      for (const write of writes) await writeOne(tx, write);
    });
  }

  /** Removes the keys; keys that don't exist are ignored. */
  async delete(keys: string[]): Promise<void> {
    const stored = keysSchema.parse(keys).map(storedKey);
    if (stored.length === 0) return;
    // Deleting is never held back: after an erasure there may be no commit to carry it.
    const held = holding.getStore();
    for (const key of stored) held?.forget(key);
    await this.db.botState.deleteMany({ where: { key: { in: stored } } });
  }
}
