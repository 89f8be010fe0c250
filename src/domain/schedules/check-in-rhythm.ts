import type { CheckInRhythm } from '../../db/client';
import { addDays, dayOfWeek, instantOfWallClock, wallClockOf } from '../../lib/calendar';

// Late morning: after the school run, before the day gets away. Quiet hours still apply.
const NUDGE_HOUR = 10;

/**
 * When the next check-in nudge is due for a rhythm the person chose, after `after`: on their
 * chosen weekday if they gave one (0 Sunday … 6 Saturday), at 10:00 their time. Null when they
 * asked Lantern never to write first.
 */
export function nextCheckInDue(after: Date, rhythm: CheckInRhythm, day: number | null, timeZone: string): Date | null {
  const today = wallClockOf(after, timeZone);
  const period = { WEEKLY: 7, FORTNIGHTLY: 14, MONTHLY: 28, ONLY_WHEN_I_WRITE: 0 }[rhythm];
  if (period === 0) return null;
  let offset: number;
  if (day === null) offset = period;
  else {
    // The first chosen weekday after today, then whole periods on from it for fortnightly/monthly.
    offset = ((day - dayOfWeek(today) + 7) % 7) || 7;
    if (rhythm !== 'WEEKLY') offset += Math.floor((period - offset) / 7) * 7;
  }
  if (rhythm === 'MONTHLY' && day === null) {
    const nextMonth = new Date(Date.UTC(today.year, today.month, Math.min(today.day, 28)));
    return instantOfWallClock({ year: nextMonth.getUTCFullYear(), month: nextMonth.getUTCMonth() + 1, day: nextMonth.getUTCDate(), hour: NUDGE_HOUR, minute: 0 }, timeZone);
  }
  return instantOfWallClock({ ...addDays(today, offset), hour: NUDGE_HOUR, minute: 0 }, timeZone);
}
