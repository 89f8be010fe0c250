/**
 * What a recognised "when" means as the day to get back in touch. Both the recognizer's results and
 * the hand-written UK rules become Mentions; the rules for choosing a day live here so both agree
 * (see the rule list in pause-dates.ts).
 */
import {
  addDays,
  addMonths,
  compareDates,
  isValidDate,
  isoWeekday,
  localDateOf,
  type LocalDate,
} from '../lib/calendar';

export interface ResolveContext {
  /** Today on the person's calendar. */
  readonly today: LocalDate;
  readonly now: Date;
  readonly timeZone: string;
}

/** A time expression found in the message, at [start, end) of the prepared words. */
export interface Mention {
  readonly start: number;
  readonly end: number;
  /** The day to get back in touch, or null when this mention gives none. */
  resolve(ctx: ResolveContext): LocalDate | null;
}

/** "after X" is the day after X; "until X" is X itself. */
export type Edge = 'on' | 'after';

const isAfter = (a: LocalDate, b: LocalDate) => compareDates(a, b) > 0;

/**
 * The first day of a month as a day to get back in touch. 1 January is a bank holiday and the day
 * people least want a check-in, so "January", "the new year" and "next month" said in December all
 * give 2 January.
 */
export function monthStart(year: number, month: number): LocalDate {
  return { year, month, day: month === 1 ? 2 : 1 };
}

/**
 * The next yearly date (25 December, 3 March) whose day to get back in touch is after today. With
 * 'after' the day after it counts: "after Christmas" said on Christmas Day is still this Christmas.
 * `offset` moves the day further (Christmas +2: the day after Boxing Day). 29 February waits for a
 * leap year; the 12-month limit then usually turns it into null.
 */
export function nextYearly(month: number, day: number, today: LocalDate, offset = 0): LocalDate | null {
  for (let year = today.year - 1; year <= today.year + 8; year++) {
    const date = { year, month, day };
    if (!isValidDate(date)) continue;
    const target = addDays(date, offset);
    if (isAfter(target, today)) return target;
  }
  return null;
}

/** The next "10th" (of whichever month comes next with a 10th) whose day to get back in touch is after today. */
export function nextMonthly(day: number, today: LocalDate, edge: Edge): LocalDate | null {
  for (let k = -1; k <= 13; k++) {
    const month = addMonths({ ...today, day: 1 }, k);
    const date = { ...month, day };
    if (!isValidDate(date)) continue;
    const target = edge === 'after' ? addDays(date, 1) : date;
    if (isAfter(target, today)) return target;
  }
  return null;
}

/** The next Monday (1) … Sunday (7) after today; with 'after', the day after the next one not yet over. */
export function nextWeekdayOccurrence(weekday: number, today: LocalDate, edge: Edge): LocalDate | null {
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) return null;
  for (let k = -7; k <= 7; k++) {
    const date = addDays(today, k);
    if (isoWeekday(date) !== weekday) continue;
    const target = edge === 'after' ? addDays(date, 1) : date;
    if (isAfter(target, today)) return target;
  }
  return null;
}

/** A span of days, end exclusive: the day after it ends is the day to come back "after" it. */
export interface Span {
  readonly start: LocalDate;
  readonly end: LocalDate;
  readonly mid: LocalDate;
}

/** Which day of a span the words point at. */
export type SpanPoint = 'start' | 'mid' | 'end' | 'start-or-end';

export function pointOf(span: Span, point: SpanPoint, today: LocalDate): LocalDate {
  switch (point) {
    case 'start':
      return span.start;
    case 'mid':
      return span.mid;
    case 'end':
      return span.end;
    case 'start-or-end':
      // "pause this week", "busy this month": the span is under way, so come back when it is over.
      return isAfter(span.start, today) ? span.start : span.end;
  }
}

/** A span that recurs every year (a month, a season): the next occurrence whose chosen day is after today. */
export function nextYearlySpan(spanInYear: (year: number) => Span, point: SpanPoint, today: LocalDate): LocalDate | null {
  for (let year = today.year - 1; year <= today.year + 1; year++) {
    const day = pointOf(spanInYear(year), point === 'start-or-end' ? 'start' : point, today);
    if (isAfter(day, today)) return day;
  }
  return null;
}

export function monthSpan(year: number, month: number): Span {
  const next = addMonths({ year, month, day: 1 }, 1);
  return { start: monthStart(year, month), end: monthStart(next.year, next.month), mid: { year, month, day: 15 } };
}

/** Meteorological seasons, as the person's expectation: spring 1 March, summer 1 June, autumn 1 September, winter 1 December. */
const SEASON_START = { SP: 3, SU: 6, FA: 9, WI: 12 } as const;
/** Timex season codes: spring, summer, fall (autumn), winter. */
export type Season = keyof typeof SEASON_START;
export const isSeason = (code: string): code is Season => Object.hasOwn(SEASON_START, code);

export function seasonSpan(season: Season, year: number): Span {
  const month = SEASON_START[season];
  const start = { year, month, day: 1 };
  const end = addMonths(start, 3);
  return { start, end, mid: addMonths(start, 1) };
}

/** How long the person asked for: calendar parts (months, days) and clock parts (seconds). */
export interface Duration {
  readonly months: number;
  readonly days: number;
  readonly seconds: number;
}

/** now + the duration, as a local date. Months and days count on the calendar, so clock changes do not move the day. */
export function afterDuration(d: Duration, ctx: ResolveContext): LocalDate | null {
  if (![d.months, d.days, d.seconds].every(Number.isFinite)) return null;
  if (Math.abs(d.months) > 1200 || Math.abs(d.days) > 100_000 || Math.abs(d.seconds) > 1e10) return null;
  if (d.seconds === 0) return addDays(addMonths(ctx.today, Math.round(d.months)), d.days);
  const byClock = localDateOf(new Date(ctx.now.getTime() + d.seconds * 1000), ctx.timeZone);
  return addDays(addMonths(byClock, Math.round(d.months)), d.days);
}
