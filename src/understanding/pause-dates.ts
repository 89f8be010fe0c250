/**
 * Turning the "when" of a pause request into the day Lantern gets back in touch, on the person's
 * calendar. Works on findWhen()'s phrase ("till after Christmas") and on the whole message.
 *
 * What the words mean: the person's expectations, which tests/understanding/pause-date-table.ts holds us to.
 * - A duration ("for 2 weeks", "a month", "a fortnight", "a few days" = 3, "a couple of weeks" = 14):
 *   today + that long. Months count on the calendar ("a month" from 31 January is 28/29 February).
 * - "until X" / "till X" / plain "X", where X is a day or date: X itself.
 *   A weekday ("till Monday") is the next one after today; "the 10th" the next 10th after today;
 *   a date already past this year ("until 3rd March" said in November) next year's.
 * - "after X": the day after X. UK occasions: "after Christmas" is 27 December (after Boxing Day),
 *   "after Easter" the Tuesday after Easter Monday, "after the 10th" the 11th.
 * - "the new year", "January": 2 January. Any first of the month that is 1 January becomes the 2nd
 *   (a bank holiday), so "next month" or "the end of the month" said in December is 2 January too.
 *   Explicit "1st January" / "New Year's Day" stay 1 January.
 * - A month name: the 1st of its next occurrence (said during that month, next year's).
 *   "next month" and "the end of the month" (or "of January"): the 1st of the month after.
 *   "next week": its Monday. "the end of the week", "this week": the coming Monday.
 *   "the weekend" (with "till", "after", "over" or nothing): the Monday after it.
 *   Seasons: spring 1 March, summer 1 June, autumn 1 September, winter 1 December (next occurrence).
 *   "mid January": the 15th. "the next two weeks", "the rest of the month": today + that long.
 * - "before X" and "since X" give no day: some time before X is not a date, and since is the past.
 * - The result is always after today and at most 12 months ahead (the same date next year is
 *   allowed); anything else, and vague or nonsense words ("for a bit", "a while"), give null.
 * - In a whole message, the words nearest "until/till/after/back/again" win over "for/in/from/over",
 *   then "on/next", then bare words ("busy this month, text me again in December" is December).
 *   Mentions that resolve to today or earlier ("pause from today for 2 weeks") are context, not the return.
 *
 * Hazard: a past event with a date still resolves ("my mum died on the 10th" → the next 10th). The
 * pause dialog must read the date back (describeLocalDate) and let the person correct it.
 */
import {
  addMonths,
  compareDates,
  isValidDate,
  isoWeekday,
  localDateOf,
  startOfLocalDate,
  wallClockOf,
  type LocalDate,
} from '../lib/calendar';
import { recognizedMentions } from './pause-dates-recognizer';
import type { Mention, ResolveContext } from './pause-dates-rules';
import { handWrittenMentions, prepareWords } from './pause-dates-uk';

export type { LocalDate } from '../lib/calendar';
export { localDateOf, startOfLocalDate };

/** The local calendar date (in the person's time zone) Lantern should get back in touch, or null when the words give no usable date. */
export function resolvePauseUntil(text: string, now: Date, timeZone: string): LocalDate | null {
  try {
    return resolveOrThrow(text, now, timeZone);
  } catch {
    return null; // an unknown time zone, or a recognizer bug on odd input: no date, never a crash
  }
}

// One of each kind of date the recognizer reads: each kind compiles its own patterns on first use.
const WARM_UP_PHRASES = ['pause for 2 weeks', 'until after Christmas', 'till next Friday', 'back on the 3rd of March', 'until the end of the month', 'see you in the spring'];

/**
 * Reads a few dates once, before the service takes traffic. The recognizer builds its model and
 * patterns on first use (about 0.6 s on this project's machine, 50 ms more for each new kind of
 * date), and a pause at that moment held up every webhook in the queue for as long.
 */
export function warmUpPauseDates(): void {
  for (const phrase of WARM_UP_PHRASES) resolvePauseUntil(phrase, new Date(), 'Europe/London');
}

function resolveOrThrow(text: unknown, now: unknown, timeZone: string): LocalDate | null {
  if (typeof text !== 'string' || !(now instanceof Date) || Number.isNaN(now.getTime())) return null;
  const words = prepareWords(text);
  if (words === '') return null;
  const clock = wallClockOf(now, timeZone);
  const ctx: ResolveContext = { today: { year: clock.year, month: clock.month, day: clock.day }, now, timeZone };
  const latest = addMonths(ctx.today, 12);
  for (const mention of rankedMentions(words, recognizedMentionsSafely(words, clock))) {
    const day = mention.resolve(ctx);
    if (!day || !isValidDate(day) || compareDates(day, ctx.today) <= 0) continue;
    return compareDates(day, latest) > 0 ? null : day;
  }
  return null;
}

function recognizedMentionsSafely(words: string, clock: ReturnType<typeof wallClockOf>): Mention[] {
  try {
    return recognizedMentions(words, clock);
  } catch {
    return []; // the recognizer has thrown on odd input before (1.1.x on "until the end of the month")
  }
}

/** Hand-written rules override the recognizer where they overlap; then by lead word, then order in the message. */
function rankedMentions(words: string, recognized: Mention[]): Mention[] {
  const hand = handWrittenMentions(words);
  const all = [...hand, ...recognized.filter((r) => !hand.some((h) => r.start < h.end && h.start < r.end))];
  return all
    .filter((m) => !isBareScore(words, m))
    .map((m) => ({ m, tier: leadTier(words, m) }))
    .sort((a, b) => b.tier - a.tier || a.m.start - b.m.start)
    .map(({ m }) => m);
}

const STRONG_LEAD = /^(?:until|untill|after|back|again|resume|restart)$/;
const LEAD = /^(?:for|from|over|by|past|through|in|within)$/;
const WEAK_LEAD = /^(?:on|at|next|around|about)$/;

/** How clearly the words around a mention say "this is when to come back": 3 strongest … 0 none. */
function leadTier(words: string, m: Mention): number {
  const before = words.slice(0, m.start).split(' ').filter(Boolean).slice(-3);
  const first = words.slice(m.start, m.end).split(' ')[0] ?? '';
  const near = [...before, first];
  if (near.some((w) => STRONG_LEAD.test(w))) return 3;
  if (near.some((w) => LEAD.test(w))) return 2;
  if (near.some((w) => WEAK_LEAD.test(w))) return 1;
  return 0;
}

/** "feeling 4/10": a bare number pair is a check-in score far more often than a date. "till 4/10" is a date. */
function isBareScore(words: string, m: Mention): boolean {
  return /^\d{1,2}\/\d{1,2}$/.test(words.slice(m.start, m.end).trim()) && leadTier(words, m) === 0;
}

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Monday 7 December" (the year added only when it is not the current year in that time zone: "Saturday 2 January 2027"). */
export function describeLocalDate(date: LocalDate, now: Date, timeZone: string): string {
  const weekday = WEEKDAY_NAMES[isoWeekday(date) - 1] ?? '';
  const month = MONTH_NAMES[date.month - 1] ?? '';
  const thisYear = localDateOf(now, timeZone).year;
  return `${weekday} ${date.day} ${month}${date.year === thisYear ? '' : ` ${date.year}`}`;
}
