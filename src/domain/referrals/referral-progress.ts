import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';

/** How far an invitation got, as a practice may know it: never what was said. */
export type ReferralProgress = 'not-sent' | 'sent' | 'delivered' | 'not-delivered' | 'opened' | 'replied' | 'talking-with-a-coach';

// A practice's referrals over the periods people ask about (a year is a few thousand at most).
const MAX_ROWS = 20_000;

export const PROGRESS_ORDER: readonly ReferralProgress[] = ['not-sent', 'sent', 'not-delivered', 'delivered', 'opened', 'replied', 'talking-with-a-coach'];

export interface ReferralRow {
  id: string;
  sentAt: Date;
  expiresAt: Date;
  expired: boolean;
  practice: { odsCode: string; name: string };
  firstName: string | null;
  /** Enough of the number to tell two referrals apart: "07700 900 ••• 456" style. */
  phoneEnding: string;
  progress: ReferralProgress;
}

interface Scope {
  organisationId: string;
  /** Practice staff and practice tokens see their own practice's referrals only. */
  practiceId: string | null;
  since?: Date;
  limit?: number;
}

/**
 * A practice's referrals with how far each got: sent, delivered (Twilio's report), opened (the
 * link started a chat), replied (they wrote, either way), talking with a coach (a coach took it
 * up). Built from the referral, its text's delivery status and the person's handoffs only.
 */
export async function listReferrals(db: Db, options: Scope & { clock: Clock }): Promise<ReferralRow[]> {
  const referrals = await db.referral.findMany({
    where: where(options),
    orderBy: { createdAt: 'desc' },
    take: Math.min(options.limit ?? 200, MAX_ROWS),
    include: { practice: { select: { odsCode: true, name: true } } },
  });
  const messageIds = referrals.map((r) => r.messageId).filter((id): id is string => id !== null);
  const personIds = [...new Set(referrals.map((r) => r.personId).filter((id): id is string => id !== null))];
  const [messages, handoffs] = await Promise.all([
    db.message.findMany({ where: { id: { in: messageIds } }, select: { id: true, status: true } }),
    db.handoff.findMany({ where: { personId: { in: personIds }, claimedAt: { not: null } }, select: { personId: true, claimedAt: true } }),
  ]);
  const statusOf = new Map(messages.map((m) => [m.id, m.status]));
  const now = options.clock.now();
  return referrals.map((r) => {
    const claimedSince = handoffs.some((h) => h.personId === r.personId && (h.claimedAt as Date) >= r.createdAt);
    const status = r.messageId ? statusOf.get(r.messageId) : undefined;
    const progress: ReferralProgress = claimedSince ? 'talking-with-a-coach'
      : r.repliedAt ? 'replied'
      : r.openedAt ? 'opened'
      : status === 'DELIVERED' || status === 'READ' ? 'delivered'
      : status === 'FAILED' || status === 'UNDELIVERED' ? 'not-delivered'
      : r.messageId || status ? 'sent'
      : 'not-sent';
    return {
      id: r.id,
      sentAt: r.createdAt,
      expiresAt: r.expiresAt,
      expired: r.expiresAt <= now,
      practice: r.practice,
      firstName: r.firstName,
      phoneEnding: `•••• ${r.phone.slice(-3)}`,
      progress,
    };
  });
}

/** Counts by progress: what a practice's summary and its export show. */
export async function referralSummary(db: Db, options: Scope & { clock: Clock }) {
  const rows = await listReferrals(db, { ...options, limit: MAX_ROWS });
  const counts = Object.fromEntries(PROGRESS_ORDER.map((p) => [p, 0])) as Record<ReferralProgress, number>;
  for (const row of rows) counts[row.progress] += 1;
  return { total: rows.length, counts };
}

function where(options: Scope) {
  return {
    organisationId: options.organisationId,
    ...(options.practiceId ? { practiceId: options.practiceId } : {}),
    ...(options.since ? { createdAt: { gte: options.since } } : {}),
  };
}

/** A count as it may leave Lantern: below the threshold it is shown only as "<threshold". */
export function suppressed(count: number, threshold: number): string {
  return count > 0 && count < threshold ? `<${threshold}` : String(count);
}
