import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';

export interface RequestCoachOptions {
  personId: string;
  /** Why they asked, in a few words (their own where possible). */
  reason: string;
  /** For the coach: what matters, the last few messages. */
  summary: string;
  clock: Clock;
}

/**
 * Puts the person in the coaches' Waiting queue. Asking again while already waiting or with a
 * coach changes nothing (and says so), so a repeated request never jumps or loses their place.
 */
export async function requestCoach(db: Db, options: RequestCoachOptions): Promise<{ alreadyRequested: boolean }> {
  const now = options.clock.now();
  return db.$transaction(async (tx) => {
    const conversation = await tx.conversation.findUniqueOrThrow({ where: { personId: options.personId } });
    if (conversation.handoffState !== 'BOT') return { alreadyRequested: true };
    await tx.conversation.update({
      where: { id: conversation.id },
      data: { handoffState: 'WAITING', waitingSince: now, awaitingReplySince: conversation.awaitingReplySince ?? now },
    });
    await tx.handoff.create({
      data: { conversationId: conversation.id, personId: options.personId, reason: options.reason.slice(0, 500), summary: options.summary.slice(0, 4000), requestedAt: now },
    });
    return { alreadyRequested: false };
  });
}
