import type { Author, Channel, Db, DbTransaction, Message } from '../db/client';
import type { Clock } from '../lib/clock';
import { sendsThroughOutbox } from './outbound-texts';
import { appendMessage } from './timeline';

export interface Reply {
  channel: Channel;
  author: Author;
  authorStaffId?: string | null;
  body: string;
}

/** The conversation's answering lease, changed in the same commit: renewed until `until`, or released (null). */
export interface AnsweringLease {
  holder: string;
  until: Date | null;
}

export interface CommitReplies {
  personId: string;
  conversationId: string;
  /** The inbound message these replies answer; omitted for messages Lantern starts (coach replies, resumptions). */
  answering?: string;
  /**
   * For messages Lantern starts: run first in the same transaction; false means someone else
   * already did this (another scheduler worker), so nothing is written or sent.
   */
  guard?: (tx: DbTransaction) => Promise<boolean>;
  replies: Reply[];
  /** With `answering`: the lease this instance holds to answer the conversation. */
  lease?: AnsweringLease;
  /** The turn's bot state, written in the same transaction (so the dialog moves on exactly when the replies are stored). */
  state?: (tx: DbTransaction) => Promise<void>;
}

export type CommitOutcome =
  | { outcome: 'committed'; messages: Message[] }
  // Another worker answered the message first (two instances recovering at once): send nothing.
  | { outcome: 'already-answered' }
  // The person erased their data during the turn: there is nowhere to keep the replies.
  | { outcome: 'person-gone' };

/**
 * Writes a turn's replies and marks the message they answer as handled, in one transaction: either
 * the person gets the replies exactly once, or the message stays unanswered and is tried again.
 */
export async function commitReplies(db: Db, turn: CommitReplies, clock: Clock): Promise<CommitOutcome> {
  const now = clock.now();
  const outcome = await db.$transaction(async (tx): Promise<CommitOutcome | null> => {
    let { personId, conversationId } = turn;
    if (turn.answering) {
      const answering = await tx.message.findUnique({ where: { id: turn.answering }, select: { conversationId: true } });
      if (!answering) return null;
      // The conversation row first, then the message: recordInbound locks them in that order, and
      // the opposite order deadlocks on PostgreSQL against a duplicate arriving at the same moment.
      // Changing the lease locks the row; without one to change, a no-op update does.
      const lease = turn.lease;
      const leaseChanged = lease
        ? (await tx.conversation.updateMany({ where: { id: answering.conversationId, answeringBy: lease.holder }, data: lease.until ? { answeringUntil: lease.until } : { answeringBy: null, answeringUntil: null } })).count === 1
        : false;
      if (!leaseChanged) await tx.conversation.update({ where: { id: answering.conversationId }, data: { messageCount: { increment: 0 } } });
      // Where it is now: linking a phone during the turn can move the message to another person's timeline.
      const [handled] = await tx.message.updateManyAndReturn({ where: { id: turn.answering, status: 'RECEIVED' }, data: { status: 'HANDLED' }, select: { personId: true, conversationId: true } });
      if (!handled) return null;
      ({ personId, conversationId } = handled);
    } else if (!(await tx.conversation.findUnique({ where: { id: turn.conversationId }, select: { id: true } }))) {
      return { outcome: 'person-gone' };
    } else if (turn.guard && !(await turn.guard(tx))) {
      return { outcome: 'already-answered' };
    }
    await turn.state?.(tx);
    const messages: Message[] = [];
    for (const reply of turn.replies) {
      const viaOutbox = sendsThroughOutbox(reply.channel);
      const message = await appendMessage(tx, {
        conversationId,
        personId,
        direction: 'OUTBOUND',
        channel: reply.channel,
        author: reply.author,
        authorStaffId: reply.authorStaffId ?? null,
        body: reply.body,
        status: viaOutbox ? 'QUEUED' : 'SENT',
        at: now,
      });
      if (viaOutbox) await tx.outboxEntry.create({ data: { messageId: message.id, nextAttemptAt: now, createdAt: now } });
      messages.push(message);
    }
    return { outcome: 'committed', messages };
  });
  if (outcome) return outcome;
  const stillThere = await db.message.findUnique({ where: { id: turn.answering as string }, select: { id: true } });
  return stillThere ? { outcome: 'already-answered' } : { outcome: 'person-gone' };
}
