import type { DatabaseConfig } from '../config/load-config';
import { Channel, Prisma, type Db } from '../db/client';
import { asUrgent } from '../db/urgent';
import type { Clock } from '../lib/clock';

export interface NewReceipt {
  channel: Channel;
  providerMessageId: string;
  address: string;
  calledNumber: string | null;
  body: string;
  optOutType: string | null;
  reference: string;
}

interface Pending {
  receipt: NewReceipt;
  done: (error?: unknown) => void;
}

// One commit (one fsync on SQLite) for every webhook that arrived while the last one was being
// written. Bounded so a huge burst is written in a few quick statements, not one enormous one.
const MOST_PER_COMMIT = 400;

/**
 * Keeps inbound texts durably, exactly as they came, before the channel says "got it". Webhooks
 * arriving together share one commit (group commit): under load the cost per text is a share of
 * one insert. A text already waiting under the same provider id is not kept twice.
 */
export class InboundReceipts {
  private pending: Pending[] = [];
  private writing: Promise<void> | null = null;
  private arrival = 0;

  private readonly insert: (rows: string, receivedAt: Date) => Prisma.Sql;

  constructor(
    private readonly db: Db,
    provider: DatabaseConfig['provider'],
    private readonly clock: Clock,
    private readonly written: () => void,
  ) {
    this.insert = provider === 'postgresql' ? insertOnPostgres : insertOnSqlite;
  }

  /** Resolves once the receipt is committed (or was already waiting); rejects if it could not be. */
  keep(receipt: NewReceipt): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ receipt, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.writing ??= this.writeAll();
    });
  }

  private async writeAll(): Promise<void> {
    // Let the webhooks already parsed in this tick join the first commit.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, MOST_PER_COMMIT);
      try {
        await asUrgent(() => this.write(batch.map((entry) => entry.receipt)));
        for (const entry of batch) entry.done();
      } catch (error) {
        for (const entry of batch) entry.done(error);
      }
    }
    this.writing = null;
    this.written();
  }

  // One statement of the same shape whatever the batch's size (the rows travel as one JSON
  // parameter), so it is planned once and never goes through Prisma's query compiler: under load
  // createMany's compile of a different-sized batch each time took half the webhook's CPU. A copy
  // of a text already waiting (a retry, or two copies in one batch) is skipped by the primary key.
  private async write(receipts: NewReceipt[]): Promise<void> {
    const unknown = receipts.find((receipt) => !Object.hasOwn(Channel, receipt.channel));
    if (unknown) throw new Error(`a receipt's channel must be one of ${Object.keys(Channel).join(', ')}, not ${String(unknown.channel)}`);
    const rows = receipts.map((receipt) => ({ ...receipt, arrival: this.arrival++ }));
    await this.db.$executeRaw(this.insert(JSON.stringify(rows), this.clock.now()));
  }
}

const insertOnPostgres = (rows: string, receivedAt: Date) => Prisma.sql`
  INSERT INTO "InboundReceipt" ("providerMessageId", "channel", "address", "calledNumber", "body", "optOutType", "reference", "receivedAt", "arrival")
  SELECT r."providerMessageId", r."channel"::"Channel", r."address", r."calledNumber", r."body", r."optOutType", r."reference", ${receivedAt}, r."arrival"
  FROM json_to_recordset(${rows}::json) AS r("providerMessageId" text, "channel" text, "address" text, "calledNumber" text, "body" text, "optOutType" text, "reference" text, "arrival" integer)
  ON CONFLICT ("providerMessageId") DO NOTHING`;

// "WHERE true" settles SQLite's parse of INSERT … SELECT … ON CONFLICT (see its UPSERT notes).
const insertOnSqlite = (rows: string, receivedAt: Date) => Prisma.sql`
  INSERT INTO "InboundReceipt" ("providerMessageId", "channel", "address", "calledNumber", "body", "optOutType", "reference", "receivedAt", "arrival")
  SELECT value ->> 'providerMessageId', value ->> 'channel', value ->> 'address', value ->> 'calledNumber', value ->> 'body', value ->> 'optOutType', value ->> 'reference', ${receivedAt}, value ->> 'arrival'
  FROM json_each(${rows}) WHERE true
  ON CONFLICT ("providerMessageId") DO NOTHING`;
