import type { Channel, Db } from '../db/client';
import { isUniqueViolation } from '../db/errors';
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

  constructor(private readonly db: Db, private readonly clock: Clock, private readonly written: () => void) {}

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

  private async write(receipts: NewReceipt[]): Promise<void> {
    const receivedAt = this.clock.now();
    const rows = receipts.map((receipt) => ({ ...receipt, receivedAt, arrival: this.arrival++ }));
    try {
      await this.db.inboundReceipt.createMany({ data: rows });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // A copy of one of these is already waiting (a retry, or two copies in one batch): keep
      // the rest one by one, the copies once.
      for (const row of rows) {
        try {
          await this.db.inboundReceipt.create({ data: row });
        } catch (single) {
          if (!isUniqueViolation(single)) throw single;
        }
      }
    }
  }
}
