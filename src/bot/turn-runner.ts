import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Channel, Db, Message } from '../db/client';
import type { InFlight } from '../lib/in-flight';
import type { Logger } from '../lib/logger';
import type { BotLogic, LanternAdapter } from './lantern-adapter';
import type { TurnQueue } from './turn-queue';

export interface TurnRunnerDependencies {
  db: Db;
  adapter: LanternAdapter;
  logic: BotLogic;
  queue: TurnQueue;
  inFlight: InFlight;
  logger: Logger;
}

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
  constructor(private readonly deps: TurnRunnerDependencies) {}

  /** Queues the bot's answer to a stored message. Never rejects: failures are logged and the message stays unanswered for recovery. */
  answer(message: Pick<Message, 'id' | 'personId'>): Promise<void> {
    const work = this.deps.queue.run(message.personId, () => this.answerNow(message.id)).catch((error: unknown) => {
      this.deps.logger.error({ err: error, messageId: message.id }, 'could not answer a message; it will be retried');
    });
    return this.deps.inFlight.track(work);
  }

  /** Answers every message stored before `before` and not yet answered, oldest first. Returns how many were queued. */
  async recover(before: Date): Promise<number> {
    const unanswered = await this.deps.db.message.findMany({
      where: { direction: 'INBOUND', status: 'RECEIVED', createdAt: { lt: before } },
      orderBy: [{ createdAt: 'asc' }, { seq: 'asc' }],
      select: { id: true, personId: true },
      take: 1000,
    });
    for (const message of unanswered) void this.answer(message);
    if (unanswered.length > 0) this.deps.logger.info({ count: unanswered.length }, 'answering messages left from before');
    return unanswered.length;
  }

  private async answerNow(messageId: string): Promise<void> {
    const message = await this.deps.db.message.findUnique({ where: { id: messageId } });
    // Answered already (a duplicate queue entry, or another instance got there first), or erased.
    if (!message || message.status !== 'RECEIVED') return;
    await this.deps.adapter.answer(message, await this.referenceFor(message), this.deps.logic);
  }

  private async referenceFor(message: Message): Promise<Partial<ConversationReference>> {
    const address = await this.deps.db.channelAddress.findFirst({
      where: { personId: message.personId, channel: message.channel },
      orderBy: { lastSeenAt: 'desc' },
    });
    if (!address) throw new Error(`no ${message.channel} address for the person behind message ${message.id}`);
    return storedReference(address.channel, address.address, address.reference);
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
