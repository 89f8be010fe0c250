import { addDays, dayOfWeek, instantOfWallClock, minutesOf, wallClockOf } from '../../lib/calendar';

export interface QuietTimes {
  timeZone: string;
  /** "20:00" to "09:00": no unprompted texts in between (may run past midnight). */
  quietHours: { start: string; end: string };
  /** Weekdays (0 Sunday … 6 Saturday) the person asked not to hear from us at all. */
  quietDays: readonly number[];
}

/**
 * The earliest moment from `now` when an unprompted text may go: `now` itself if the window is
 * open, else when it next opens (the end of quiet hours, on a day that is not a quiet day).
 * Replies to the person's own messages never wait for this.
 */
export function nextAllowedTime(now: Date, quiet: QuietTimes): Date {
  const start = minutesOf(quiet.quietHours.start);
  const end = minutesOf(quiet.quietHours.end);
  const isQuietMinute = (minute: number) => (start === end ? false : start < end ? minute >= start && minute < end : minute >= start || minute < end);
  const here = wallClockOf(now, quiet.timeZone);
  if (!quiet.quietDays.includes(dayOfWeek(here)) && !isQuietMinute(here.hour * 60 + here.minute)) return now;
  // Otherwise the next opening: today's or a later day's end of quiet hours, skipping quiet days.
  for (let offset = 0; offset <= 8; offset++) {
    const day = addDays(here, offset);
    const opening = instantOfWallClock({ ...day, hour: Math.floor(end / 60), minute: end % 60 }, quiet.timeZone);
    if (opening <= now) continue;
    if (quiet.quietDays.includes(dayOfWeek(day))) continue;
    return opening;
  }
  // Every day quiet: the person asked for silence; a week on, try again (the handler re-checks).
  return new Date(now.getTime() + 7 * 86_400_000);
}

/** "0,6" → [0, 6]; anything odd is ignored. */
export function parseQuietDays(stored: string): number[] {
  return stored.split(',').map((d) => Number(d.trim())).filter((d) => Number.isInteger(d) && d >= 0 && d <= 6 && stored.trim() !== '');
}
