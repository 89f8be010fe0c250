import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Channel, Db, Message } from '../db/client';
import type { PersonWithConversation } from '../domain/people/find-or-create-person-by-address';
import { asDurable, asReplayable } from '../db/durability';
import type { InFlight } from '../lib/in-flight';
import { Limit } from '../lib/limit';
import type { Logger } from '../lib/logger';
import type { CommitOutcome } from '../messaging/commit-replies';
import { sendsThroughOutbox } from '../messaging/outbound-texts';
import type { BotLogic, LanternAdapter } from './lantern-adapter';
import type { TurnQueue } from './turn-queue';

export interface TurnRunnerDependencies {
  db: Db;
  adapter: LanternAdapter;
  logic: BotLogic;
  queue: TurnQueue;
  inFlight: InFlight;
  logger: Logger;
  /** This Lantern instance, as named in a conversation's answering lease. */
  instanceId: string;
  /** How long to keep trying for another instance's lease before leaving the message to the sweep. */
  leaseWaitMs?: number;
  /** How many people's turns run at once; more would only queue at the database and hold memory. */
  concurrentTurns?: number;
}

// Renewed before each message, so it need only outlast one turn; a lease left by an instance
// that died runs out by itself, and that is how long its people wait to be answered by another.
export const ANSWERING_LEASE_MS = 30_000;
const LEASE_RETRY_MS = 150;
const DEFAULT_LEASE_WAIT_MS = 30_000;
const DEFAULT_CONCURRENT_TURNS = 16;

const referenceSchema = z.looseObject({
  channelId: z.string(),
  user: z.looseObject({ id: z.string() }),
  bot: z.looseObject({ id: z.string() }),
  conversation: z.looseObject({ id: z.string() }),
});

const CHANNEL_IDS: Record<Channel, string> = { SMS: 'sms', WEB_CHAT: 'directline', AZURE: 'azure' };

/**
 * Answers stored inbound messages: one person's strictly in arrival order, different people's
 * side by side. Channels store a message and call `answer`; after a restart `recover` answers
 * whatever was stored but not answered.
 */
export class TurnRunner {
  private readonly turns: Limit;
  /** Messages queued in this process, so recovery and the sweep never queue one twice. */
  private readonly queued = new Map<string, Promise<void>>();

  constructor(private readonly deps: TurnRunnerDependencies) {
    this.turns = new Limit(deps.concurrentTurns ?? DEFAULT_CONCURRENT_TURNS);
  }

  /** Queues the bot's answer to a stored message. Never rejects: failures are logged and the message stays unanswered for recovery. */
  answer(message: Pick<Message, 'id' | 'personId' | 'conversationId'>): Promise<void> {
    const queued = this.queued.get(message.id);
    if (queued) return queued;
    const work = this.deps.inFlight.track(
      this.deps.queue
        .run(message.personId, () => this.turns.run(() => this.answerNow(message)))
        .catch((error: unknown) => {
          this.deps.logger.error({ err: error, messageId: message.id }, 'could not answer a message; it will be retried');
        })
        .finally(() => this.queued.delete(message.id)),
    );
    this.queued.set(message.id, work);
    return work;
  }

  /** How many messages this process has queued for an answer and not yet finished. */
  get queuedMessages(): number {
    return this.queued.size;
  }

  /** Answers every message stored before `before` and not yet answered, oldest first. Returns how many were queued. */
  async recover(before: Date): Promise<number> {
    const unanswered = await this.deps.db.message.findMany({
      where: { direction: 'INBOUND', status: 'RECEIVED', createdAt: { lt: before } },
      orderBy: [{ createdAt: 'asc' }, { seq: 'asc' }],
      select: { id: true, personId: true, conversationId: true },
      take: 1000,
    });
    for (const message of unanswered) void this.answer(message);
    if (unanswered.length > 0) this.deps.logger.info({ count: unanswered.length }, 'answering messages left from before');
    return unanswered.length;
  }

  /**
   * Answers a message once this instance holds the person's answering lease, together with any
   * earlier message of theirs still unanswered, oldest first: another instance (or a restart)
   * can never answer a later message before an earlier one, nor two at once.
   */
  private async answerNow(message: Pick<Message, 'id' | 'conversationId'>): Promise<void> {
    const deadline = Date.now() + (this.deps.leaseWaitMs ?? DEFAULT_LEASE_WAIT_MS);
    for (;;) {
      if (await this.takeLease(message.conversationId)) {
        let released = false;
        try {
          released = await this.answerInOrder(message);
        } finally {
          if (!released) await this.releaseLease(message.conversationId);
        }
        return;
      }
      if (Date.now() > deadline) {
        this.deps.logger.warn({ messageId: message.id }, 'another instance is still answering this person; leaving the message for the sweep');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, LEASE_RETRY_MS));
    }
  }

  /**
   * Answers the message and every earlier one still waiting, oldest first. Each answer's commit
   * renews the lease for the next, and the last one's releases it: true if that happened.
   */
  private async answerInOrder(message: Pick<Message, 'id' | 'conversationId'>): Promise<boolean> {
    const waiting = await this.deps.db.message.findMany({
      where: { conversationId: message.conversationId, direction: 'INBOUND', status: 'RECEIVED' },
      orderBy: { seq: 'asc' },
    });
    const last = waiting.findIndex((m) => m.id === message.id);
    // Answered already (a duplicate queue entry, or another instance got there first), or erased.
    if (last < 0) return false;
    let outcome: CommitOutcome['outcome'] = 'committed';
    for (const [i, earlier] of waiting.slice(0, last + 1).entries()) {
      const lease = { holder: this.deps.instanceId, until: i === last ? null : new Date(Date.now() + ANSWERING_LEASE_MS) };
      const answer = async () => {
        const { reference, person } = await this.addressOf(earlier);
        return (await this.deps.adapter.answer(earlier, reference, this.deps.logic, lease, person)).outcome;
      };
      // Replies that wait in the outbox reach the disk with its claim, before Twilio hears of them;
      // until then the turn can be done again. Web chat shows its replies the moment they commit.
      outcome = await (sendsThroughOutbox(earlier.channel) ? asReplayable(answer) : asDurable(answer));
    }
    return outcome === 'committed';
  }

  // The lease only keeps instances from answering one person at once: losing it to a power cut is harmless.
  private async takeLease(conversationId: string): Promise<boolean> {
    const now = new Date();
    const { count } = await asReplayable(() => this.deps.db.conversation.updateMany({
      where: { id: conversationId, OR: [{ answeringUntil: null }, { answeringUntil: { lt: now } }, { answeringBy: this.deps.instanceId }] },
      data: { answeringBy: this.deps.instanceId, answeringUntil: new Date(now.getTime() + ANSWERING_LEASE_MS) },
    }));
    return count === 1;
  }

  private async releaseLease(conversationId: string): Promise<void> {
    // The person may have erased everything during the turn: then there is nothing to release.
    await asReplayable(() => this.deps.db.conversation.updateMany({
      where: { id: conversationId, answeringBy: this.deps.instanceId },
      data: { answeringBy: null, answeringUntil: null },
    }));
  }

  /** How to write back to the person behind a message, and the person as they are now (for the bot). */
  private async addressOf(message: Message): Promise<{ reference: Partial<ConversationReference>; person: PersonWithConversation | undefined }> {
    const address = await this.deps.db.channelAddress.findFirst({
      where: { personId: message.personId, channel: message.channel },
      orderBy: { lastSeenAt: 'desc' },
      include: { person: { include: { conversation: true } } },
    });
    if (!address) throw new Error(`no ${message.channel} address for the person behind message ${message.id}`);
    const { conversation } = address.person;
    return {
      reference: storedReference(address.channel, address.address, address.reference),
      person: conversation ? { ...address.person, conversation } : undefined,
    };
  }
}

/** The stored conversation reference for an address, or a minimal one if none was kept. */
export function storedReference(channel: Channel, address: string, stored: string | null): Partial<ConversationReference> {
  if (stored) {
    try {
      const parsed = referenceSchema.safeParse(JSON.parse(stored));
      if (parsed.success) return parsed.data as unknown as Partial<ConversationReference>;
    } catch {
      // fall through to the minimal reference
    }
  }
  return {
    channelId: CHANNEL_IDS[channel],
    user: { id: address, name: '' },
    bot: { id: 'lantern', name: 'Lantern' },
    conversation: { id: `${CHANNEL_IDS[channel]}:${address}`, isGroup: false, name: '', conversationType: 'personal' },
  };
}
