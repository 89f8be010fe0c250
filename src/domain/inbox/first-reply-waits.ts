import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';

export interface FirstReplyWaits {
  days: number;
  /** Requests for a coach in the period that have had a first human reply. */
  answered: number;
  medianMinutes: number | null;
  /** Nine in ten were answered within this. */
  p90Minutes: number | null;
  /** Asked in the period and still without a reply. */
  unanswered: number;
}

// Enough for the busiest organisation's week; beyond it the figures are of the latest requests.
const MAX_ROWS = 20_000;

/** How long people of an organisation waited for a first reply from a person, over the last `days`. */
export async function firstReplyWaits(db: Db, options: { organisationId: string; clock: Clock; days?: number }): Promise<FirstReplyWaits> {
  const days = options.days ?? 7;
  const since = new Date(options.clock.now().getTime() - days * 24 * 60 * 60_000);
  const inPeriod = { requestedAt: { gte: since }, person: { organisationId: options.organisationId } };
  const [answered, unanswered] = await Promise.all([
    db.handoff.findMany({
      where: { ...inPeriod, firstReplyAt: { not: null } },
      select: { requestedAt: true, firstReplyAt: true },
      orderBy: { requestedAt: 'desc' },
      take: MAX_ROWS,
    }),
    db.handoff.count({ where: { ...inPeriod, firstReplyAt: null, endedAt: null } }),
  ]);
  const minutes = answered
    .map((h) => Math.max(0, ((h.firstReplyAt as Date).getTime() - h.requestedAt.getTime()) / 60_000))
    .sort((a, b) => a - b);
  return { days, answered: minutes.length, medianMinutes: percentile(minutes, 0.5), p90Minutes: percentile(minutes, 0.9), unanswered };
}

/** Nearest-rank percentile of sorted values, in whole minutes. */
function percentile(sorted: number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return Math.round(sorted[rank - 1] as number);
}
