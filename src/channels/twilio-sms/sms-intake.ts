import type { Db, InboundReceipt } from '../../db/client';
import { asReplayable } from '../../db/durability';
import { optIn, optOut } from '../../domain/opt-out/opt-out';
import type { Clock } from '../../lib/clock';
import type { InFlight } from '../../lib/in-flight';
import type { Logger } from '../../lib/logger';
import type { MessageEvents } from '../../messaging/message-events';
import { recordInbound } from '../../messaging/record-inbound';
import type { ChannelDependencies } from '../channel-dependencies';

export interface SmsIntakeDependencies {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: MessageEvents;
  inFlight: InFlight;
  answer: ChannelDependencies['answer'];
  /** How often to look for receipts another instance left (it may have died before storing them). */
  pollMs?: number;
}

const BATCH = 200;
// Stored texts waiting for the bot beyond this stay as receipts: a backlog in the database, not in memory.
const MOST_AWAITING_ANSWER = 64;
const DEFAULT_POLL_MS = 2_000;

/**
 * Turns kept receipts into stored messages, oldest first: finds or creates the person, puts the
 * text on their timeline, applies Twilio's own STOP/START, deletes the receipt, and asks for the
 * bot's answer. Every step can be done again safely, so a crash at any point loses nothing and
 * doubles nothing: the receipt stays until its message is stored (under its unique MessageSid).
 */
export class SmsIntake {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly awaitingAnswer = new Set<Promise<void>>();

  constructor(private readonly deps: SmsIntakeDependencies) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.wake(), this.deps.pollMs ?? DEFAULT_POLL_MS);
    this.timer.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.again = false;
    await this.running;
  }

  /** New receipts are committed: store them (now, or straight after the round in progress). */
  wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deps.inFlight.track(this.drain()).finally(() => {
      this.running = null;
      if (this.again && this.timer) this.wake();
    });
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        for (;;) {
          const receipts = await this.deps.db.inboundReceipt.findMany({ orderBy: [{ receivedAt: 'asc' }, { arrival: 'asc' }], take: BATCH });
          for (const receipt of receipts) {
            while (this.awaitingAnswer.size >= MOST_AWAITING_ANSWER) await Promise.race(this.awaitingAnswer);
            // Replayable: the receipt is deleted in the commit that stores its message, so a
            // commit lost to a power cut leaves the receipt to be stored again.
            await asReplayable(() => this.store(receipt));
          }
          if (receipts.length < BATCH) break;
        }
      } catch (error) {
        // The receipts stay; the next wake or poll tries again.
        this.deps.logger.error({ err: error }, 'could not store received texts; will try again');
        return;
      }
    } while (this.again);
  }

  private async store(receipt: InboundReceipt): Promise<void> {
    const { db, clock } = this.deps;
    const handled = receipt.optOutType !== null;
    const forget = (client: Pick<Db, 'inboundReceipt'>) => client.inboundReceipt.deleteMany({ where: { providerMessageId: receipt.providerMessageId } });
    const recorded = await recordInbound(
      db,
      {
        channel: receipt.channel,
        address: receipt.address,
        ...(receipt.calledNumber ? { calledNumber: receipt.calledNumber } : {}),
        providerMessageId: receipt.providerMessageId,
        body: receipt.body,
        reference: receipt.reference,
        // Twilio has already answered its own keywords; a second reply would only confuse.
        handled,
      },
      clock,
      // An ordinary text's receipt goes in the commit that stores it. A carrier STOP or START keeps
      // its receipt until it has been applied too, so a crash in between is finished on replay.
      handled ? undefined : forget,
    );
    if (receipt.optOutType === 'STOP' || receipt.optOutType === 'START') {
      // Checked against the person as they are now, so doing it again after a crash changes nothing.
      const person = await db.person.findUnique({ where: { id: recorded.message.personId }, select: { id: true, optedOutAt: true } });
      if (person && receipt.optOutType === 'STOP' && !person.optedOutAt) await optOut(db, { personId: person.id, source: 'carrier', clock });
      if (person && receipt.optOutType === 'START' && person.optedOutAt) await optIn(db, person.id);
    }
    if (handled || recorded.duplicate) await forget(db);
    if (!recorded.duplicate) {
      this.deps.events.appended({ conversationId: recorded.message.conversationId, personId: recorded.message.personId, channel: 'SMS' });
    }
    // A message stored before a crash but never answered is answered now; TurnRunner ignores repeats.
    if (recorded.message.status === 'RECEIVED') {
      const answered = this.deps.answer(recorded.message).finally(() => this.awaitingAnswer.delete(answered));
      this.awaitingAnswer.add(answered);
    }
  }
}
