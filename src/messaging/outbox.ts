import type { Channel, Db, Message, OutboxEntry } from '../db/client';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import { applyEarlierReports, surfaceFailure } from './delivery-status';
import type { MessageEvents } from './message-events';

/**
 * How a send failed:
 * - `retry`: the provider refused before doing anything (rate limit, 5xx with no message made).
 * - `ambiguous`: no answer (timeout, connection reset): the text may or may not have gone.
 * - `permanent`: it never will (invalid number, opted out at the carrier).
 */
export type SendFailureKind = 'retry' | 'ambiguous' | 'permanent';

export class SendFailure extends Error {
  override name = 'SendFailure';
  constructor(readonly kind: SendFailureKind, message: string, readonly code?: string) {
    super(message);
  }
}

export interface Outbound {
  message: Message;
  /** The person's address on the message's channel (a phone number for SMS). */
  address: string;
  /** The stored conversation reference JSON, for channels that need it. */
  reference: string | null;
}

/** Hands an outbound message to one channel's provider. */
export interface ChannelSender {
  /** Sends and returns the provider's id for the message, or throws SendFailure. */
  send(outbound: Outbound): Promise<{ providerMessageId: string }>;
  /**
   * After an ambiguous failure: the provider id of a send of this message that did get through
   * since `since`, ignoring ids Lantern already holds for other messages; null if none.
   */
  findEarlierSend?(outbound: Outbound, since: Date, isKnown: (providerMessageId: string) => Promise<boolean>): Promise<string | null>;
}

export interface OutboxOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  senders: Partial<Record<Channel, ChannelSender>>;
  /** Names this worker in claims, so several instances can share one database. */
  workerId: string;
  events?: MessageEvents;
  batchSize?: number;
  /** How long a claim lasts; a worker that dies mid-send loses its claim after this. */
  claimMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  pollMs?: number;
}

type Claimed = OutboxEntry & { message: Message };

const DEFAULTS = { batchSize: 50, claimMs: 60_000, maxAttempts: 8, baseDelayMs: 2_000, maxDelayMs: 15 * 60_000, pollMs: 2_000 };

/**
 * Sends what the outbox holds: oldest first, one person's texts in order (a later text waits
 * while an earlier one is being retried), failed sends retried with backoff, and an ambiguous
 * failure checked with the provider before any retry, so a text is never sent twice.
 */
export class Outbox {
  private readonly options: Required<Omit<OutboxOptions, 'events'>> & { events?: MessageEvents };
  private running: Promise<number> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(options: OutboxOptions) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Polls, and wakes at once when a reply is committed. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.unsubscribe = this.options.events?.onAppended((event) => {
      if (this.options.senders[event.channel]) this.kick();
    }) ?? null;
    this.kick();
  }

  /** Stops polling and waits for the current round to finish. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.again = false;
    await this.running?.catch(() => 0);
  }

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    void this.runUntilSettled();
  }

  /** Waits for any round in progress (tests use it to know the outbox is quiet). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => 0);
  }

  private async runUntilSettled(): Promise<void> {
    do {
      this.again = false;
      this.running = this.runOnce();
      try {
        await this.running;
      } catch (error) {
        this.options.logger.error({ err: error }, 'outbox round failed');
      } finally {
        this.running = null;
      }
    } while (this.again);
  }

  /** One round: claims what is due and sends it. Returns how many texts were handed over. */
  async runOnce(): Promise<number> {
    const { db, clock, batchSize } = this.options;
    const now = clock.now();
    const due = await db.outboxEntry.findMany({
      where: { nextAttemptAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      orderBy: { nextAttemptAt: 'asc' },
      take: batchSize,
      include: { message: true },
    });
    const byConversation = new Map<string, Claimed[]>();
    for (const entry of due) {
      if (!(await this.claim(entry, now))) continue;
      const list = byConversation.get(entry.message.conversationId) ?? [];
      list.push(entry);
      byConversation.set(entry.message.conversationId, list);
    }
    const sent = await Promise.all([...byConversation.values()].map((entries) => this.sendInOrder(entries.sort((a, b) => a.message.seq - b.message.seq))));
    return sent.reduce((sum, n) => sum + n, 0);
  }

  private async claim(entry: OutboxEntry, now: Date): Promise<boolean> {
    const { count } = await this.options.db.outboxEntry.updateMany({
      where: { id: entry.id, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      data: { claimedUntil: new Date(now.getTime() + this.options.claimMs), claimedBy: this.options.workerId },
    });
    return count === 1;
  }

  private async release(entries: Claimed[]): Promise<void> {
    if (entries.length === 0) return;
    await this.options.db.outboxEntry.updateMany({
      where: { id: { in: entries.map((e) => e.id) }, claimedBy: this.options.workerId },
      data: { claimedUntil: null, claimedBy: null },
    });
  }

  private async sendInOrder(entries: Claimed[]): Promise<number> {
    let sent = 0;
    for (const [index, entry] of entries.entries()) {
      // An earlier text to this person still waiting (being retried, or being sent by another
      // worker) goes first: entries are deleted only once sent, so none outstanding means in order.
      const earlier = await this.options.db.outboxEntry.count({
        where: { message: { conversationId: entry.message.conversationId, seq: { lt: entry.message.seq } } },
      });
      const finished = earlier === 0 && (await this.sendOne(entry));
      if (!finished) {
        await this.release(entries.slice(earlier === 0 ? index + 1 : index));
        break;
      }
      sent += 1;
    }
    return sent;
  }

  /** True when the entry is finished with (sent, or failed for good); false when it waits for a retry. */
  private async sendOne(entry: Claimed): Promise<boolean> {
    const { db, clock, logger } = this.options;
    const { message } = entry;
    const sender = this.options.senders[message.channel];
    const outbound = await this.outboundFor(message);
    if (!sender || !outbound) {
      await this.fail(entry, sender ? 'no-address' : 'no-channel', `cannot send on ${message.channel}`);
      return true;
    }
    const person = await db.person.findUnique({ where: { id: message.personId }, select: { optedOutAt: true } });
    // Written before the person said STOP: not sent. (The reply confirming the STOP comes after.)
    if (person?.optedOutAt && message.createdAt < person.optedOutAt) {
      await this.fail(entry, 'opted-out', 'the person opted out before this was sent', false);
      return true;
    }

    const attemptAt = clock.now();
    const wasAmbiguous = entry.lastError?.startsWith('ambiguous') ?? false;
    await db.$transaction([
      db.outboxEntry.update({ where: { id: entry.id }, data: { attempts: { increment: 1 }, lastAttemptAt: attemptAt } }),
      db.message.updateMany({ where: { id: message.id, status: 'QUEUED' }, data: { status: 'SENDING' } }),
    ]);
    try {
      let providerMessageId: string | null = null;
      if (wasAmbiguous && entry.lastAttemptAt && sender.findEarlierSend) {
        providerMessageId = await sender.findEarlierSend(outbound, entry.lastAttemptAt, async (id) => (await db.message.count({ where: { providerMessageId: id } })) > 0);
        if (providerMessageId) logger.info({ messageId: message.id }, 'an earlier attempt had reached the provider; not sending again');
      }
      providerMessageId ??= (await sender.send(outbound)).providerMessageId;
      const [updated] = await db.$transaction([
        db.message.update({ where: { id: message.id }, data: { providerMessageId, errorCode: null } }),
        db.outboxEntry.delete({ where: { id: entry.id } }),
      ]);
      await applyEarlierReports(db, updated, clock);
      return true;
    } catch (error) {
      const failure = error instanceof SendFailure ? error : new SendFailure('ambiguous', String(error));
      const attempts = entry.attempts + 1;
      if (failure.kind === 'permanent' || attempts >= this.options.maxAttempts) {
        logger.warn({ messageId: message.id, code: failure.code, attempts }, 'text could not be sent');
        await this.fail(entry, failure.code ?? 'gave-up', failure.message);
        return true;
      }
      const delay = this.backoff(attempts);
      logger.info({ messageId: message.id, kind: failure.kind, code: failure.code, attempts, retryInMs: delay }, 'send failed; will retry');
      await db.outboxEntry.update({
        where: { id: entry.id },
        data: {
          nextAttemptAt: new Date(clock.now().getTime() + delay),
          // Once a send may have gone, every later attempt checks first, from the first such attempt.
          lastError: `${wasAmbiguous ? 'ambiguous' : failure.kind}: ${failure.message}`.slice(0, 500),
          claimedUntil: null,
          claimedBy: null,
          ...(wasAmbiguous ? { lastAttemptAt: entry.lastAttemptAt } : {}),
        },
      });
      return false;
    }
  }

  private async fail(entry: Claimed, code: string, detail: string, surface = true): Promise<void> {
    const { db, clock } = this.options;
    await db.$transaction([
      db.message.update({ where: { id: entry.messageId }, data: { status: 'FAILED', errorCode: code.slice(0, 40) } }),
      db.outboxEntry.delete({ where: { id: entry.id } }),
    ]);
    this.options.logger.debug({ messageId: entry.messageId, code, detail }, 'outbox entry failed');
    if (surface) await surfaceFailure(db, entry.message, code, clock);
  }

  private async outboundFor(message: Message): Promise<Outbound | null> {
    const address = await this.options.db.channelAddress.findFirst({
      where: { personId: message.personId, channel: message.channel },
      orderBy: { lastSeenAt: 'desc' },
    });
    return address ? { message, address: address.address, reference: address.reference } : null;
  }

  private backoff(attempts: number): number {
    const { baseDelayMs, maxDelayMs } = this.options;
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
    // ±20% so many failed texts do not all come back at the same instant.
    return Math.round(exponential * (0.8 + Math.random() * 0.4));
  }
}
