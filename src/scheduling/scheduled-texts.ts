import { randomUUID } from 'node:crypto';
import type { Channel, ChannelAddress, Conversation, Db, DbTransaction, Message, Person, Prisma } from '../db/client';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import type { MessageEvents } from '../messaging/message-events';
import { announceAppended, outboundBodies, sendsThroughOutbox } from '../messaging/outbound-texts';

export type Reachable = Person & { conversation: Conversation | null; addresses: ChannelAddress[] };

/** What became of a scheduled text: stored for sending, already done by another worker, or nowhere to send it. */
export type ScheduledTextOutcome = 'committed' | 'already-done' | 'unreachable';

export interface ScheduledTextsOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Told of every committed message, as the adapter's commits tell it (the outbox, live inbox views). */
  events: MessageEvents;
  /** Scheduled texts written in one commit at most. */
  maxPerCommit?: number;
  /** Commits in progress at once: 1 on SQLite (one connection anyway), more on PostgreSQL. */
  parallelCommits?: number;
}

interface Pending {
  person: Reachable;
  conversationId: string;
  channel: Channel;
  bodies: string[];
  guard: (tx: DbTransaction) => Promise<boolean>;
  resolve(outcome: ScheduledTextOutcome): void;
  reject(error: unknown): void;
}

/**
 * The bot's scheduled texts (resumptions, check-in nudges, follow-ups), written many to a commit.
 * Each text is stored exactly as a proactive message through LanternAdapter would be (on the
 * channel the person used last, split for SMS, queued in the outbox), in one transaction with its
 * guard (the job's completion): so a text is stored once with its job done, or neither. The
 * scheduler runs many jobs at once; the texts they ask for in the same moment share one commit
 * instead of one commit (and, on SQLite, one fsync) each. If a shared commit fails, each text is
 * tried again in a commit of its own, so one bad row holds up nobody else.
 */
export class ScheduledTexts {
  private readonly queue: Pending[] = [];
  private scheduled = false;
  private inFlight = 0;
  private readonly maxPerCommit: number;
  private readonly parallelCommits: number;

  constructor(private readonly options: ScheduledTextsOptions) {
    this.maxPerCommit = options.maxPerCommit ?? 32;
    this.parallelCommits = options.parallelCommits ?? 1;
  }

  /** Stores `text` for `person` when `guard` (run in the same transaction) says so. */
  send(person: Reachable, text: string, guard: (tx: DbTransaction) => Promise<boolean>): Promise<ScheduledTextOutcome> {
    // As sendToPerson: the channel they used last; nobody who opted out, nobody without an address.
    const address = person.addresses.find((a) => a.channel === person.lastChannel) ?? person.addresses[0];
    if (person.optedOutAt || !address || !person.conversation) return Promise.resolve('unreachable');
    const bodies = outboundBodies(address.channel, 'BOT', text);
    return new Promise((resolve, reject) => {
      this.queue.push({ person, conversationId: (person.conversation as Conversation).id, channel: address.channel, bodies, guard, resolve, reject });
      this.schedule();
    });
  }

  /** Everything asked for in this moment goes in one commit (or a few side by side). */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      while (this.inFlight < this.parallelCommits && this.queue.length > 0) {
        const group = this.queue.splice(0, Math.max(1, Math.min(this.maxPerCommit, Math.ceil(this.queue.length / (this.parallelCommits - this.inFlight)))));
        this.inFlight += 1;
        void this.commitGroup(group).finally(() => {
          this.inFlight -= 1;
          if (this.queue.length > 0) this.schedule();
        });
      }
    });
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    try {
      const outcomes = await this.commit(group);
      group.forEach((pending, i) => pending.resolve(outcomes[i] as ScheduledTextOutcome));
    } catch (error) {
      if (group.length === 1) {
        (group[0] as Pending).reject(error);
        return;
      }
      this.options.logger.warn({ err: error, texts: group.length }, 'a shared commit of scheduled texts failed; trying each alone');
      for (const pending of group) await this.commitGroup([pending]);
    }
  }

  private async commit(group: Pending[]): Promise<ScheduledTextOutcome[]> {
    const { db, clock, events } = this.options;
    const committed: Array<Pick<Message, 'conversationId' | 'personId' | 'channel'>> = [];
    const outcomes = await db.$transaction(async (tx) => {
      const results: ScheduledTextOutcome[] = [];
      const rows: Prisma.MessageCreateManyInput[] = [];
      const outbox: Prisma.OutboxEntryCreateManyInput[] = [];
      for (const pending of group) {
        if (!(await pending.guard(tx))) {
          results.push('already-done');
          continue;
        }
        const now = clock.now();
        const viaOutbox = sendsThroughOutbox(pending.channel);
        for (const body of pending.bodies) {
          // As appendMessage: the conversation's counter hands out the number, its row locked until the commit.
          const id = randomUUID();
          const { messageCount } = await tx.conversation.update({
            where: { id: pending.conversationId },
            data: { messageCount: { increment: 1 }, lastMessageAt: now, lastMessageId: id },
            select: { messageCount: true },
          });
          rows.push({
            id, seq: messageCount, conversationId: pending.conversationId, personId: pending.person.id, direction: 'OUTBOUND', channel: pending.channel,
            author: 'BOT', authorStaffId: null, body, status: viaOutbox ? 'QUEUED' : 'SENT', providerMessageId: null, createdAt: now,
          });
          if (viaOutbox) outbox.push({ messageId: id, nextAttemptAt: now, createdAt: now });
          committed.push({ conversationId: pending.conversationId, personId: pending.person.id, channel: pending.channel });
        }
        results.push('committed');
      }
      // The group's messages and outbox entries in one statement each.
      if (rows.length > 0) await tx.message.createMany({ data: rows });
      if (outbox.length > 0) await tx.outboxEntry.createMany({ data: outbox });
      return results;
    }, { timeout: 30_000 });
    announceAppended(events, committed);
    return outcomes;
  }
}
