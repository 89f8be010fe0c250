import type { Conversation, Db, DbTransaction, HandoffState } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { recordAuditEvent } from '../audit/record-audit-event';

export interface LinkPhone {
  /** The person as known on web chat. */
  personId: string;
  /** A phone number they have just proved is theirs (E.164). */
  phone: string;
  clock: Clock;
}

/**
 * Joins a web chat person with their phone. If someone already texts from that number, the two
 * become one person with one timeline (coaches see everything, replies go where they wrote last);
 * otherwise the number is simply added to this person. Only called once the person has typed
 * the code texted to that phone.
 */
export async function linkPhone(db: Db, link: LinkPhone): Promise<{ personId: string; merged: boolean }> {
  return db.$transaction(async (tx) => {
    const person = await tx.person.findUnique({ where: { id: link.personId }, include: { conversation: true } });
    if (!person?.conversation) throw new AppError('not-found', 'No such person');
    const texter = await tx.person.findUnique({
      where: { organisationId_phone: { organisationId: person.organisationId, phone: link.phone } },
      include: { conversation: true },
    });
    const elsewhere = await tx.channelAddress.findUnique({ where: { channel_address: { channel: 'SMS', address: link.phone } } });
    if (elsewhere && elsewhere.personId !== texter?.id && elsewhere.personId !== person.id) {
      throw new AppError('conflict', 'That number is already linked to someone else.');
    }
    const now = link.clock.now();
    if (!texter || texter.id === person.id) {
      await tx.person.update({ where: { id: person.id }, data: { phone: link.phone } });
      await tx.channelAddress.upsert({
        where: { channel_address: { channel: 'SMS', address: link.phone } },
        create: { personId: person.id, channel: 'SMS', address: link.phone, verifiedAt: now, lastSeenAt: now },
        update: { verifiedAt: now },
      });
      return { personId: person.id, merged: false };
    }
    if (!texter.conversation) throw new AppError('not-found', 'No such person');
    await moveTimeline(tx, person.conversation, texter.conversation, texter.id);
    for (const table of [tx.channelAddress, tx.whatMattersItem, tx.checkIn, tx.wellbeingAnswers, tx.coachNote, tx.urgentFlag, tx.referral, tx.scheduledJob] as const) {
      await (table as typeof tx.checkIn).updateMany({ where: { personId: person.id }, data: { personId: texter.id } });
    }
    await tx.handoff.updateMany({ where: { personId: person.id }, data: { personId: texter.id, conversationId: texter.conversation.id } });
    await tx.channelAddress.updateMany({ where: { personId: texter.id, channel: 'SMS', address: link.phone }, data: { verifiedAt: now } });
    await tx.person.update({
      where: { id: texter.id },
      data: {
        preferredName: texter.preferredName ?? person.preferredName,
        welcomedAt: earliest(texter.welcomedAt, person.welcomedAt),
        area: texter.area ?? person.area,
        lastChannel: 'WEB_CHAT',
      },
    });
    await tx.person.delete({ where: { id: person.id } });
    await recordAuditEvent(tx, {
      organisationId: texter.organisationId,
      actor: { type: 'person' },
      action: 'person.channels-linked',
      personId: texter.id,
      detail: { mergedPersonId: person.id },
    });
    return { personId: texter.id, merged: true };
  });
}

const HANDOFF_RANK: Record<HandoffState, number> = { BOT: 0, WAITING: 1, WITH_COACH: 2 };

/** One timeline in time order, numbered afresh; the inbox state of the more urgent side wins. */
async function moveTimeline(tx: DbTransaction, from: Conversation, into: Conversation, intoPersonId: string) {
  const messages = await tx.message.findMany({
    where: { conversationId: { in: [from.id, into.id] } },
    orderBy: [{ createdAt: 'asc' }, { seq: 'asc' }],
    select: { id: true },
  });
  // Two passes: negative numbers first, so no step collides with a number still in use.
  for (const [index, message] of messages.entries()) {
    await tx.message.update({ where: { id: message.id }, data: { seq: -(index + 1), conversationId: into.id, personId: intoPersonId } });
  }
  for (const [index, message] of messages.entries()) {
    await tx.message.update({ where: { id: message.id }, data: { seq: index + 1 } });
  }
  const keep = HANDOFF_RANK[from.handoffState] > HANDOFF_RANK[into.handoffState] ? from : into;
  const last = messages.at(-1);
  await tx.conversation.update({
    where: { id: into.id },
    data: {
      messageCount: messages.length,
      lastMessageId: last?.id ?? null,
      lastMessageAt: latest(from.lastMessageAt, into.lastMessageAt),
      handoffState: keep.handoffState,
      assignedCoachId: keep.assignedCoachId,
      waitingSince: earliest(from.waitingSince, into.waitingSince),
      urgentSince: earliest(from.urgentSince, into.urgentSince),
      awaitingReplySince: earliest(from.awaitingReplySince, into.awaitingReplySince),
    },
  });
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) return a ?? b;
  return a < b ? a : b;
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) return a ?? b;
  return a > b ? a : b;
}
