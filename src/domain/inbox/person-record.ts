import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { parseQuietDays } from '../schedules/quiet-hours';

const TIMELINE_LENGTH = 300;

/**
 * Everything a coach sees about one person of their organisation: their state, the whole
 * timeline across channels, what matters, check-ins and wellbeing over time, notes, flags and how
 * they came to Lantern. A person of another organisation is "not found", never "forbidden", so ids
 * cannot be probed.
 */
export async function personRecord(db: Db, options: { organisationId: string; personId: string; wholeTimeline?: boolean }) {
  const person = await db.person.findFirst({
    where: { id: options.personId, organisationId: options.organisationId },
    include: {
      conversation: {
        include: {
          assignedCoach: { select: { id: true, displayName: true } },
          // Through the conversation (every handoff belongs to the person's one conversation): read
          // by the (conversationId, requestedAt) index, where through the person it scanned them all.
          handoffs: { orderBy: { requestedAt: 'desc' }, take: 20, include: { claimedBy: { select: { id: true, displayName: true } } } },
        },
      },
      addresses: { select: { channel: true, address: true, lastSeenAt: true, verifiedAt: true } },
      whatMatters: { orderBy: { createdAt: 'asc' } },
      checkIns: { orderBy: { createdAt: 'asc' }, take: 200 },
      wellbeing: { orderBy: { startedAt: 'asc' } },
      notes: { orderBy: { createdAt: 'desc' }, include: { author: { select: { id: true, displayName: true } } } },
      urgentFlags: { orderBy: { raisedAt: 'desc' }, take: 50 },
      referrals: { orderBy: { createdAt: 'desc' }, take: 1, include: { practice: { select: { name: true, odsCode: true } } } },
      scheduledJobs: { where: { status: 'PENDING' }, select: { kind: true, dueAt: true } },
      connections: { orderBy: { createdAt: 'desc' }, take: 100, include: { asset: { select: { id: true, name: true, area: true, needsCheckSince: true } } } },
    },
  });
  if (!person?.conversation) throw new AppError('not-found', 'No such person');
  const messages = (
    await db.message.findMany({
      where: { conversationId: person.conversation.id },
      orderBy: { seq: 'desc' },
      ...(options.wholeTimeline ? {} : { take: TIMELINE_LENGTH }),
      include: { authorStaff: { select: { displayName: true } } },
    })
  ).reverse();
  const { conversation } = person;
  return {
    person: {
      id: person.id,
      name: person.preferredName,
      phone: person.phone,
      timeZone: person.timeZone,
      area: person.area,
      channels: person.addresses.map((a) => ({ channel: a.channel, lastSeenAt: a.lastSeenAt, verified: a.verifiedAt !== null })),
      lastChannel: person.lastChannel,
      optedOut: person.optedOutAt ? { at: person.optedOutAt, source: person.optOutSource } : null,
      paused: person.pausedAt ? { since: person.pausedAt, until: person.pausedUntil } : null,
      checkInRhythm: { rhythm: person.checkInRhythm, day: person.checkInDay, next: person.scheduledJobs.find((j) => j.kind === 'check-in')?.dueAt ?? null },
      quietDays: parseQuietDays(person.quietDays),
      resumesAt: person.scheduledJobs.find((j) => j.kind === 'resume')?.dueAt ?? null,
      firstContactAt: person.createdAt,
    },
    conversation: {
      handoffState: conversation.handoffState,
      assignedCoach: conversation.assignedCoach ? { id: conversation.assignedCoach.id, name: conversation.assignedCoach.displayName } : null,
      waitingSince: conversation.waitingSince,
      urgentSince: conversation.urgentSince,
      awaitingReplySince: conversation.awaitingReplySince,
      deliveryFailedAt: conversation.deliveryFailedAt,
    },
    messages: messages.map((m) => ({
      id: m.id,
      seq: m.seq,
      at: m.createdAt,
      direction: m.direction,
      channel: m.channel,
      author: m.author,
      coachName: m.authorStaff?.displayName ?? null,
      body: m.body,
      status: m.status,
      errorCode: m.errorCode,
    })),
    whatMatters: person.whatMatters.map((w) => ({ id: w.id, category: w.category, text: w.text, at: w.createdAt })),
    connections: person.connections.map((c) => ({
      id: c.id,
      status: c.status,
      at: c.createdAt,
      whatMattersId: c.whatMattersId,
      asset: { id: c.asset.id, name: c.asset.name, area: c.asset.area, needsCheck: c.asset.needsCheckSince !== null },
      followUpAnswer: c.followUpAnswer,
    })),
    checkIns: person.checkIns.map((c) => ({ at: c.createdAt, words: c.words, score: c.score })),
    wellbeing: person.wellbeing.map((w) => ({
      at: w.startedAt, completedAt: w.completedAt, lifeSatisfaction: w.lifeSatisfaction, worthwhile: w.worthwhile, happiness: w.happiness, anxiety: w.anxiety,
    })),
    notes: person.notes.map((n) => ({ id: n.id, at: n.createdAt, body: n.body, author: n.author ? { id: n.author.id, name: n.author.displayName } : null })),
    urgentFlags: person.urgentFlags.map((f) => ({ id: f.id, reason: f.reason, raisedAt: f.raisedAt, resolvedAt: f.resolvedAt, resolutionNote: f.resolutionNote })),
    handoffs: conversation.handoffs.map((h) => ({
      id: h.id,
      reason: h.reason,
      summary: h.summary,
      requestedAt: h.requestedAt,
      claimedAt: h.claimedAt,
      claimedBy: h.claimedBy ? { id: h.claimedBy.id, name: h.claimedBy.displayName } : null,
      firstReplyAt: h.firstReplyAt,
      endedAt: h.endedAt,
      firstReplyMinutes: h.firstReplyAt ? minutesBetween(h.requestedAt, h.firstReplyAt) : null,
    })),
    referral: person.referrals[0]
      ? { practice: person.referrals[0].practice.name, odsCode: person.referrals[0].practice.odsCode, reason: person.referrals[0].reason, at: person.referrals[0].createdAt }
      : null,
  };
}

function minutesBetween(from: Date, to: Date): number {
  return Math.max(0, Math.round((to.getTime() - from.getTime()) / 60_000));
}

export type PersonRecord = Awaited<ReturnType<typeof personRecord>>;
