import type { Db, UrgentFlag } from '../../db/client';
import type { Clock } from '../../lib/clock';

export interface RaiseUrgentFlagOptions {
  personId: string;
  /** What raised it, e.g. "crisis-message: self-harm". Never the message text. */
  reason: string;
  messageId?: string;
  clock: Clock;
}

/**
 * Flags the person as urgent for coaches and puts them at the top of the Waiting queue (unless a
 * coach already holds the conversation, who then sees the flag). Every flag is kept until a coach
 * resolves it with a note.
 */
export async function raiseUrgentFlag(db: Db, options: RaiseUrgentFlagOptions): Promise<UrgentFlag> {
  const now = options.clock.now();
  return db.$transaction(async (tx) => {
    const flag = await tx.urgentFlag.create({
      data: { personId: options.personId, reason: options.reason, messageId: options.messageId ?? null, raisedAt: now },
    });
    const conversation = await tx.conversation.findUniqueOrThrow({ where: { personId: options.personId } });
    const startsWaiting = conversation.handoffState === 'BOT';
    await tx.conversation.update({
      where: { id: conversation.id },
      data: {
        urgentSince: conversation.urgentSince ?? now,
        ...(startsWaiting ? { handoffState: 'WAITING' as const, waitingSince: now } : {}),
      },
    });
    if (startsWaiting) {
      await tx.handoff.create({ data: { conversationId: conversation.id, personId: options.personId, reason: options.reason, requestedAt: now } });
    }
    return flag;
  });
}
