/**
 * Calendar dates in a person's time zone, without a date library: Intl knows the zones (and British
 * Summer Time); everything else is plain arithmetic on year/month/day, which has no clock changes.
 */

/** A day on the person's calendar. month is 1-12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;

/** Formatters are costly to build; one per zone is plenty. An unknown zone throws a RangeError here. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in a zone at an instant: the calendar date and the time of day. */
export interface WallClock extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

export function wallClockOf(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? NaN,
    month: parts.month ?? NaN,
    day: parts.day ?? NaN,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const { year, month, day } = wallClockOf(instant, timeZone);
  return { year, month, day };
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * The instant a local date starts: midnight local time, or when the clocks resume where a zone skips
 * midnight itself (Chile, Lebanon). Every zone is between UTC-12 and UTC+14, so the start lies within
 * 15 hours either side of UTC midnight; a binary search by the minute (about 11 steps) finds it
 * without assuming anything about when clocks change.
 */
export function startOfLocalDate(date: LocalDate, timeZone: string): Date {
  if (!isValidDate(date)) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  const reached = (minute: number) => compareDates(localDateOf(new Date(minute * MINUTE_MS), timeZone), date) >= 0;
  const utcMidnight = Date.UTC(date.year, date.month - 1, date.day);
  let before = (utcMidnight - 15 * HOUR_MS) / MINUTE_MS;
  let reachedAt = (utcMidnight + 13 * HOUR_MS) / MINUTE_MS;
  while (reachedAt - before > 1) {
    const mid = Math.floor((before + reachedAt) / 2);
    if (reached(mid)) reachedAt = mid;
    else before = mid;
  }
  return new Date(reachedAt * MINUTE_MS);
}

/** "2026-12-07" → { year: 2026, month: 12, day: 7 }; anything else, or a day that does not exist, → null. */
export function parseIsoDate(text: string | undefined): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? '');
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  return isValidDate(date) ? date : null;
}

export function isValidDate(d: LocalDate): boolean {
  if (![d.year, d.month, d.day].every(Number.isInteger)) return false;
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  return d.day <= daysInMonth(d.year, d.month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function fromUtcMs(ms: number): LocalDate {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function toUtcMs(d: LocalDate): number {
  return Date.UTC(d.year, d.month - 1, d.day);
}

export function addDays(d: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(d) + Math.round(days) * DAY_MS);
}

/** Same day n months on, held to the month's last day ("a month" from 31 January is 28/29 February). */
export function addMonths(d: LocalDate, months: number): LocalDate {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function sameDate(a: LocalDate, b: LocalDate): boolean {
  return compareDates(a, b) === 0;
}

/** 1 = Monday … 7 = Sunday (ISO, as in timex "XXXX-WXX-1"). */
export function isoWeekday(d: LocalDate): number {
  return ((new Date(toUtcMs(d)).getUTCDay() + 6) % 7) + 1;
}

/** The first given weekday strictly after a date. */
export function nextWeekday(after: LocalDate, weekday: number): LocalDate {
  const ahead = ((weekday - isoWeekday(after) + 7) % 7) || 7;
  return addDays(after, ahead);
}

/** Monday of ISO week `week` of ISO year `year`. */
export function mondayOfIsoWeek(year: number, week: number): LocalDate {
  const jan4 = { year, month: 1, day: 4 };
  return addDays(jan4, (week - 1) * 7 - (isoWeekday(jan4) - 1));
}

/** Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" computation). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((8 * b + 13) / 25) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  return { year, month, day: ((h + l - 7 * m + 114) % 31) + 1 };
}

/**
 * The instant a wall-clock time happens in a time zone. In the hour the clocks go forward the
 * time does not exist and the instant just after is given; in the hour they go back, the first.
 */
export function instantOfWallClock(local: LocalDate & { hour: number; minute: number }, timeZone: string): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Two rounds find the offset in force at that wall time, even across a clock change.
  let guess = asUtc;
  for (let round = 0; round < 2; round++) {
    const seen = wallClockOf(new Date(guess), timeZone);
    guess += asUtc - Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
  }
  return new Date(guess);
}

/** 0 Sunday … 6 Saturday (as Date.getDay), the numbering people's chosen days are stored in. */
export function dayOfWeek(d: LocalDate): number {
  return isoWeekday(d) % 7;
}

/** "HH:MM" → minutes after midnight. */
export function minutesOf(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}
