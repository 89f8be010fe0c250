import { randomUUID } from 'node:crypto';
import type { Channel, ChannelAddress, Db, Message, OutboxEntry } from '../db/client';
import { Prisma } from '../db/client';
import { asDurable } from '../db/durability';
import type { Clock } from '../lib/clock';
import { Limit } from '../lib/limit';
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
  /** Entries claimed per round. A round that found a full batch due is followed at once by the next. */
  batchSize?: number;
  /** Sends in flight at once (each person's texts still go one after another). */
  concurrency?: number;
  /** How long a claim lasts; a worker that dies mid-send loses its claim after this. */
  claimMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  pollMs?: number;
}

type Claimed = OutboxEntry & { message: Message };

/** What became of one attempt to send an entry. */
type Attempt =
  | { entry: Claimed; sent: string }
  | { entry: Claimed; failure: SendFailure }
  | { entry: Claimed; finished: 'failed' };

const DEFAULTS = { batchSize: 100, concurrency: 16, claimMs: 60_000, maxAttempts: 8, baseDelayMs: 2_000, maxDelayMs: 15 * 60_000, pollMs: 2_000 };

// Written when an attempt starts, overwritten by whatever it ends in. Found still there, the
// attempt never finished (the process died mid-send): the text may have gone, so the next attempt
// first asks the provider, as after a timeout.
const IN_FLIGHT = 'ambiguous: an attempt began and its outcome was never recorded';

/**
 * Sends what the outbox holds: oldest first, one person's texts in order (a later text waits
 * while an earlier one is being retried), failed sends retried with backoff, and an ambiguous
 * failure checked with the provider before any retry, so a text is never sent twice.
 *
 * A round claims a batch in one statement and sends it in waves: each wave takes the next text
 * of every person in the batch, checks their addresses and opt-outs in one query, marks the
 * attempts in one commit, sends with bounded concurrency, and records the results in one commit.
 */
export class Outbox {
  private readonly options: Required<Omit<OutboxOptions, 'events'>> & { events?: MessageEvents };
  private readonly limit: Limit;
  private running: Promise<number> | null = null;
  private again = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** Set by a round that found a full batch due and finished something: more is waiting now. */
  private moreDue = false;

  constructor(options: OutboxOptions) {
    this.options = { ...DEFAULTS, ...options };
    this.limit = new Limit(this.options.concurrency);
  }

  /** Polls, and wakes at once when a reply is committed. */
  start(): void {
    if (this.timer) return;
    this.stopped = false;
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
    this.stopped = true;
    await this.running?.catch(() => 0);
  }

  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    // Often woken from inside a replayable bot turn; what it commits is what Twilio is told.
    void asDurable(() => this.runUntilSettled());
  }

  /** Waits for any round in progress (tests use it to know the outbox is quiet). */
  async idle(): Promise<void> {
    while (this.running) await this.running.catch(() => 0);
  }

  private async runUntilSettled(): Promise<void> {
    let failed = false;
    do {
      this.again = false;
      this.running = this.runOnce();
      try {
        await this.running;
      } catch (error) {
        failed = true;
        this.options.logger.error({ err: error }, 'outbox round failed');
      } finally {
        this.running = null;
      }
      // A full batch means more is due now: go on at once rather than wait for the poll. Not
      // after a failed round (the poll retries it), nor when nothing could be finished (every
      // text waits behind an earlier one being retried: going on would only spin).
    } while (!this.stopped && !failed && (this.again || this.moreDue));
  }

  /** One round: claims what is due and sends it. Returns how many texts were handed over. */
  async runOnce(): Promise<number> {
    const { db, clock, batchSize, claimMs } = this.options;
    this.moreDue = false;
    const now = clock.now();
    const claimable = { OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] };
    const due = await db.outboxEntry.findMany({
      where: { nextAttemptAt: { lte: now }, ...claimable },
      orderBy: { nextAttemptAt: 'asc' },
      take: batchSize,
      select: { id: true },
    });
    if (due.length === 0) return 0;
    // One statement claims the batch, under a name of this round's own: what it then reads back
    // under that name is exactly what it got (another worker may have taken some in between).
    const claim = `${this.options.workerId}#${randomUUID().slice(0, 8)}`;
    const dueIds = due.map((entry) => entry.id);
    await db.outboxEntry.updateMany({
      where: { id: { in: dueIds }, ...claimable },
      data: { claimedUntil: new Date(now.getTime() + claimMs), claimedBy: claim },
    });
    // Looked up by id (what this round claimed is among those due): claimedBy has no index.
    const claimed = await db.outboxEntry.findMany({ where: { id: { in: dueIds }, claimedBy: claim }, include: { message: true } });
    const chains = await this.inOrder(claimed, claim);
    const { sent, finished } = await this.sendWaves(chains, claim);
    this.moreDue = due.length >= batchSize && finished > 0;
    return sent;
  }

  /**
   * Each person's claimed texts, oldest first, as far as none waits behind an earlier text that
   * is still outstanding and not in this batch (being retried, or another worker's): those are
   * released. Entries are deleted only once sent, so none outstanding means in order.
   */
  private async inOrder(claimed: Claimed[], claim: string): Promise<Claimed[][]> {
    if (claimed.length === 0) return [];
    const byConversation = new Map<string, Claimed[]>();
    for (const entry of claimed) {
      const list = byConversation.get(entry.message.conversationId) ?? [];
      list.push(entry);
      byConversation.set(entry.message.conversationId, list);
    }
    const others = await this.options.db.outboxEntry.findMany({
      where: { id: { notIn: claimed.map((entry) => entry.id) }, message: { conversationId: { in: [...byConversation.keys()] } } },
      select: { message: { select: { conversationId: true, seq: true } } },
    });
    const earliestOther = new Map<string, number>();
    for (const { message } of others) {
      earliestOther.set(message.conversationId, Math.min(message.seq, earliestOther.get(message.conversationId) ?? Infinity));
    }
    const chains: Claimed[][] = [];
    const blocked: Claimed[] = [];
    for (const [conversationId, entries] of byConversation) {
      entries.sort((a, b) => a.message.seq - b.message.seq);
      const limit = earliestOther.get(conversationId) ?? Infinity;
      const free = entries.filter((entry) => entry.message.seq < limit);
      blocked.push(...entries.filter((entry) => entry.message.seq >= limit));
      if (free.length > 0) chains.push(free);
    }
    await this.release(blocked, claim);
    return chains;
  }

  private async release(entries: Claimed[], claim: string): Promise<void> {
    if (entries.length === 0) return;
    await this.options.db.outboxEntry.updateMany({
      where: { id: { in: entries.map((e) => e.id) }, claimedBy: claim },
      data: { claimedUntil: null, claimedBy: null },
    });
  }

  /** Wave after wave, the next text of each person still going; a text left to retry holds back the person's later ones. */
  private async sendWaves(chains: Claimed[][], claim: string): Promise<{ sent: number; finished: number }> {
    let sent = 0;
    let finished = 0;
    let going = chains;
    while (going.length > 0) {
      const attempts = await this.sendWave(going.map((chain) => chain[0] as Claimed));
      const next: Claimed[][] = [];
      const held: Claimed[] = [];
      for (const [index, attempt] of attempts.entries()) {
        const chain = going[index] as Claimed[];
        if ('failure' in attempt) {
          held.push(...chain.slice(1));
          continue;
        }
        finished += 1;
        if ('sent' in attempt) sent += 1;
        if (chain.length > 1) next.push(chain.slice(1));
      }
      await this.release(held, claim);
      going = next;
    }
    return { sent, finished };
  }

  /** One text each of different people: look up, mark, send, record. */
  private async sendWave(wave: Claimed[]): Promise<Attempt[]> {
    const { db, clock } = this.options;
    const people = await db.person.findMany({
      where: { id: { in: [...new Set(wave.map((entry) => entry.message.personId))] } },
      select: { id: true, optedOutAt: true, addresses: { orderBy: { lastSeenAt: 'desc' } } },
    });
    const personById = new Map(people.map((person) => [person.id, person]));

    const attempts: Array<Attempt | null> = [];
    const ready: Array<{ index: number; entry: Claimed; sender: ChannelSender; outbound: Outbound; wasAmbiguous: boolean }> = [];
    for (const [index, entry] of wave.entries()) {
      const { message } = entry;
      const sender = this.options.senders[message.channel];
      const person = personById.get(message.personId);
      const address = person?.addresses.find((a: ChannelAddress) => a.channel === message.channel);
      if (!sender || !address) {
        await this.fail(entry, sender ? 'no-address' : 'no-channel', `cannot send on ${message.channel}`);
        attempts[index] = { entry, finished: 'failed' };
        continue;
      }
      // Written before the person said STOP: not sent. (The reply confirming the STOP comes after.)
      if (person?.optedOutAt && message.createdAt < person.optedOutAt) {
        await this.fail(entry, 'opted-out', 'the person opted out before this was sent', false);
        attempts[index] = { entry, finished: 'failed' };
        continue;
      }
      attempts[index] = null;
      const wasAmbiguous = entry.lastError?.startsWith('ambiguous') ?? false;
      ready.push({ index, entry, sender, outbound: { message, address: address.address, reference: address.reference }, wasAmbiguous });
    }
    if (ready.length === 0) return attempts as Attempt[];

    // The attempts begin, in one commit. Once a send may have gone, every later attempt checks
    // first, from the first such attempt: an ambiguous entry keeps its lastAttemptAt.
    const attemptAt = clock.now();
    const fresh = ready.filter((r) => !r.wasAmbiguous).map((r) => r.entry.id);
    const ambiguous = ready.filter((r) => r.wasAmbiguous).map((r) => r.entry.id);
    await db.$transaction([
      ...(fresh.length ? [db.outboxEntry.updateMany({ where: { id: { in: fresh } }, data: { attempts: { increment: 1 }, lastAttemptAt: attemptAt, lastError: IN_FLIGHT } })] : []),
      ...(ambiguous.length ? [db.outboxEntry.updateMany({ where: { id: { in: ambiguous } }, data: { attempts: { increment: 1 } } })] : []),
      db.message.updateMany({ where: { id: { in: ready.map((r) => r.entry.messageId) }, status: 'QUEUED' }, data: { status: 'SENDING' } }),
    ]);

    const outcomes = await Promise.all(ready.map((r) => this.limit.run(() => this.attempt(r.entry, r.sender, r.outbound, r.wasAmbiguous))));
    const recorded = await this.record(outcomes);
    for (const [k, outcome] of recorded.entries()) attempts[(ready[k] as (typeof ready)[number]).index] = outcome;
    return attempts as Attempt[];
  }

  private async attempt(entry: Claimed, sender: ChannelSender, outbound: Outbound, wasAmbiguous: boolean): Promise<Attempt> {
    const { db, logger } = this.options;
    try {
      let providerMessageId: string | null = null;
      if (wasAmbiguous && entry.lastAttemptAt && sender.findEarlierSend) {
        providerMessageId = await sender.findEarlierSend(outbound, entry.lastAttemptAt, async (id) => (await db.message.count({ where: { providerMessageId: id } })) > 0);
        if (providerMessageId) logger.info({ messageId: entry.messageId }, 'an earlier attempt had reached the provider; not sending again');
      }
      providerMessageId ??= (await sender.send(outbound)).providerMessageId;
      return { entry, sent: providerMessageId };
    } catch (error) {
      return { entry, failure: error instanceof SendFailure ? error : new SendFailure('ambiguous', String(error)) };
    }
  }

  /**
   * The wave's results: every text handed over recorded in one commit; failures one by one.
   * Returns the outcomes with those failed for good marked finished.
   */
  private async record(outcomes: Attempt[]): Promise<Attempt[]> {
    const { db, clock, logger } = this.options;
    const sent = outcomes.filter((o): o is Extract<Attempt, { sent: string }> => 'sent' in o);
    if (sent.length > 0) {
      const now = clock.now();
      const ids = sent.map((o) => o.entry.messageId);
      const cases = Prisma.join(sent.map((o) => Prisma.sql`WHEN ${o.entry.messageId} THEN ${o.sent}`), ' ');
      await db.$transaction([
        db.$executeRaw`UPDATE "Message" SET "providerMessageId" = CASE "id" ${cases} END, "errorCode" = NULL, "updatedAt" = ${now} WHERE "id" IN (${Prisma.join(ids)})`,
        db.outboxEntry.deleteMany({ where: { id: { in: sent.map((o) => o.entry.id) } } }),
      ]);
      // Delivery reports that came before the send was recorded (Twilio can call back that fast).
      const early = await db.deliveryEvent.findMany({ where: { providerMessageId: { in: sent.map((o) => o.sent) } }, select: { providerMessageId: true } });
      const withReports = new Set(early.map((event) => event.providerMessageId));
      for (const o of sent) {
        if (!withReports.has(o.sent)) continue;
        const { message } = o.entry;
        await applyEarlierReports(db, { ...message, providerMessageId: o.sent, errorCode: null, status: message.status === 'QUEUED' ? 'SENDING' : message.status }, clock);
      }
    }
    const recorded: Attempt[] = [];
    for (const outcome of outcomes) {
      recorded.push(outcome);
      if (!('failure' in outcome)) continue;
      const { entry, failure } = outcome;
      const wasAmbiguous = entry.lastError?.startsWith('ambiguous') ?? false;
      const attempts = entry.attempts + 1;
      if (failure.kind === 'permanent' || attempts >= this.options.maxAttempts) {
        logger.warn({ messageId: entry.messageId, code: failure.code, attempts }, 'text could not be sent');
        await this.fail(entry, failure.code ?? 'gave-up', failure.message);
        // Finished with: the person's next text may go.
        recorded[recorded.length - 1] = { entry, finished: 'failed' };
        continue;
      }
      const delay = this.backoff(attempts);
      logger.info({ messageId: entry.messageId, kind: failure.kind, code: failure.code, attempts, retryInMs: delay }, 'send failed; will retry');
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
    }
    return recorded;
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

  private backoff(attempts: number): number {
    const { baseDelayMs, maxDelayMs } = this.options;
    const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
    // ±20% so many failed texts do not all come back at the same instant.
    return Math.round(exponential * (0.8 + Math.random() * 0.4));
  }
}
