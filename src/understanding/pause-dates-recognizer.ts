/**
 * The Bot Framework date-time recognizer (Microsoft.Recognizers.Text), turned into Mentions.
 *
 * We read the recognizer's timex (its normalised meaning: "XXXX-12-25", "XXXX-WXX-1", "2026-W49", "P2W")
 * and its Mod ("before" for until/by, "after", "end"…), and choose the day ourselves: its resolved
 * values are a past and a future candidate ("till tues" said on a Tuesday offers last Tuesday and
 * today; "on the 31st" in November resolves to 0001-02-01), and the person's rules need "after today".
 */
import { Culture, DateTimeRecognizer } from '@microsoft/recognizers-text-date-time';
import { addDays, isoWeekday, mondayOfIsoWeek, parseIsoDate, sameDate, type LocalDate, type WallClock } from '../lib/calendar';
import {
  afterDuration,
  monthSpan,
  nextMonthly,
  nextWeekdayOccurrence,
  nextYearly,
  nextYearlySpan,
  pointOf,
  isSeason,
  seasonSpan,
  type Duration,
  type Edge,
  type Mention,
  type ResolveContext,
  type Season,
  type Span,
  type SpanPoint,
} from './pause-dates-rules';

type DateTimeModel = ReturnType<DateTimeRecognizer['getDateTimeModel']>;
let model: DateTimeModel | undefined;

/** en-GB ("EnglishOthers"): day-first numeric dates, so "3/1" is 3 January. Built once (about 50 ms). */
function dateTimeModel(): DateTimeModel {
  model ??= new DateTimeRecognizer(Culture.EnglishOthers).getDateTimeModel();
  return model;
}

/**
 * The recognizer reads its reference date through local getters (getFullYear, getDate…), i.e. in the
 * server's zone. So we hand it a Date whose server-local fields are the person's wall clock: then
 * "tomorrow", "next week" and "this month" are the person's, whatever zone the server runs in.
 */
function referenceFor(clock: WallClock): Date {
  return new Date(clock.year, clock.month - 1, clock.day, clock.hour, clock.minute, clock.second);
}

interface Resolution {
  readonly timex?: string;
  readonly Mod?: string;
  readonly value?: string;
  readonly start?: string;
  readonly end?: string;
}

export function recognizedMentions(words: string, clock: WallClock): Mention[] {
  const mentions: Mention[] = [];
  for (const result of dateTimeModel().parse(words, referenceFor(clock))) {
    const values: unknown = result.resolution?.values;
    const first = (Array.isArray(values) ? values[0] : undefined) as Resolution | undefined;
    if (!first) continue;
    const text = String(result.text ?? '');
    const resolve = result.typeName === 'datetimeV2.duration' ? durationMeaning(first) : pointMeaning(first, text);
    if (resolve) mentions.push({ start: result.start, end: result.end + 1, resolve });
  }
  return mentions;
}

type Meaning = (ctx: ResolveContext) => LocalDate | null;

function durationMeaning(r: Resolution): Meaning | null {
  // "a fortnight" comes back as the malformed timex "P12" (but the right number of seconds).
  const duration = durationFromTimex(r.timex ?? '') ?? durationFromSeconds(r.value);
  return duration ? (ctx) => afterDuration(duration, ctx) : null;
}

const ISO_DURATION = /^P(?:([\d.]+)Y)?(?:([\d.]+)M)?(?:([\d.]+)W)?(?:([\d.]+)D)?(?:T(?:([\d.]+)H)?(?:([\d.]+)M)?(?:([\d.]+)S)?)?$/;

export function durationFromTimex(timex: string): Duration | null {
  const m = ISO_DURATION.exec(timex);
  if (!m || timex === 'P' || timex.endsWith('T')) return null;
  const [y, mo, w, d, h, mi, s] = m.slice(1).map((part) => (part === undefined ? 0 : Number(part)));
  const months = (y ?? 0) * 12 + (mo ?? 0);
  // "a month and a half" is P1.5M: whole months on the calendar, the half as 15 days.
  const wholeMonths = Math.trunc(months);
  const days = (months - wholeMonths) * 30 + (w ?? 0) * 7 + (d ?? 0);
  return { months: wholeMonths, days: Math.round(days), seconds: (h ?? 0) * 3600 + (mi ?? 0) * 60 + (s ?? 0) };
}

function durationFromSeconds(value: string | undefined): Duration | null {
  const seconds = Number(value);
  if (!value || !Number.isFinite(seconds) || seconds <= 0) return null;
  return seconds % 86_400 === 0 ? { months: 0, days: seconds / 86_400, seconds: 0 } : { months: 0, days: 0, seconds };
}

/** "before Christmas" is some time before it: too vague to pick a day, so the dialog asks instead. */
const VAGUE_BEFORE = /^(?:before|prior to|ahead of)\b/;

function pointMeaning(r: Resolution, text: string): Meaning | null {
  const timex = r.timex ?? '';
  const mod = r.Mod ?? '';
  if (mod === 'since' && !/^from\b/.test(text)) return null; // "since Monday" is the past, not a return
  if (mod === 'before' && VAGUE_BEFORE.test(text)) return null;
  const edge: Edge = mod === 'after' ? 'after' : 'on';
  return dateMeaning(timex.split('T')[0] ?? '', edge) ?? spanMeaning(timex, mod, dayInsideSpan(r));
}

/** Single days: "3rd Dec", "Monday", "the 10th", "tomorrow". */
function dateMeaning(timex: string, edge: Edge): Meaning | null {
  let m: RegExpExecArray | null;
  const date = parseIsoDate(timex);
  if (date) return () => (edge === 'after' ? addDays(date, 1) : date);
  if ((m = /^XXXX-(\d{2})-(\d{2})$/.exec(timex))) {
    const [month, day] = [Number(m[1]), Number(m[2])];
    return ({ today }) => nextYearly(month, day, today, edge === 'after' ? 1 : 0);
  }
  if ((m = /^XXXX-XX-(\d{2})$/.exec(timex))) {
    const day = Number(m[1]);
    return ({ today }) => nextMonthly(day, today, edge);
  }
  if ((m = /^XXXX-WXX-(\d)$/.exec(timex))) {
    const weekday = Number(m[1]);
    return ({ today }) => nextWeekdayOccurrence(weekday, today, edge);
  }
  return null;
}

/** Which day of a span a Mod points at: "until next week" its start, "the end of the month" the day after it. */
function spanPointFor(mod: string): SpanPoint | null {
  if (mod === '' || mod === 'since') return 'start-or-end';
  if (mod === 'before' || mod === 'start' || mod === 'before-start') return 'start';
  if (mod === 'mid' || mod === 'before-mid') return 'mid';
  if (mod === 'end' || mod === 'before-end' || mod === 'after' || mod === 'after-end') return 'end';
  return null;
}

/** Spans: months, weeks, weekends, years, seasons, and "the next two weeks". */
function spanMeaning(timex: string, mod: string, inside: LocalDate | null): Meaning | null {
  const point = spanPointFor(mod);
  if (!point) return null;
  let m: RegExpExecArray | null;
  if ((m = /^\((\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2}),(P[^)]+)\)$/.exec(timex))) return rangeMeaning(m, point);
  if ((m = /^(\d{4})-W(\d{2})(-WE)?$/.exec(timex))) {
    const monday = inside ? mondayOf(inside) : mondayOfIsoWeek(Number(m[1]), Number(m[2]));
    // "the weekend", "till the weekend", "after the weekend": the Monday after it, whatever the Mod.
    if (m[3]) return () => addDays(monday, 7);
    const week = { start: monday, end: addDays(monday, 7), mid: addDays(monday, 3) };
    return ({ today }) => pointOf(week, point, today);
  }
  const span = fixedSpan(timex);
  if (span) return ({ today }) => pointOf(span, point, today);
  if ((m = /^XXXX-(\d{2})$/.exec(timex))) {
    const month = Number(m[1]);
    return ({ today }) => nextYearlySpan((year) => monthSpan(year, month), point, today);
  }
  if (isSeason(timex)) return ({ today }) => nextYearlySpan((year) => seasonSpan(timex, year), point, today);
  return null;
}

/** Spans with a fixed year: "next month" (2026-12), "next year" (2027), "next summer" (2027-SU). */
function fixedSpan(timex: string): Span | null {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(timex))) return monthSpan(Number(m[1]), Number(m[2]));
  if ((m = /^(\d{4})$/.exec(timex))) {
    const year = Number(m[1]);
    return { ...monthSpan(year, 1), end: monthSpan(year + 1, 1).start, mid: { year, month: 7, day: 1 } };
  }
  if ((m = /^(\d{4})-(\w\w)$/.exec(timex)) && isSeason(m[2] ?? '')) return seasonSpan(m[2] as Season, Number(m[1]));
  return null;
}

/**
 * The recognizer's ISO week numbers ("2026-W26") can be a week out on a server whose own zone has
 * summer time out of step with the reference (it divides a local-time difference by a week and rounds
 * up: seen with TZ=Pacific/Auckland). Its resolved dates are right, so weeks are placed by a day
 * inside them: the start it gives, or the day before the end it gives after "after"/"end of".
 */
function dayInsideSpan(r: Resolution): LocalDate | null {
  const start = parseIsoDate(r.start);
  const day = start ?? parseIsoDate(r.end);
  if (!day) return null;
  const pastTheEnd = start ? r.Mod === 'after' : /end$/.test(r.Mod ?? '');
  return pastTheEnd ? addDays(day, -1) : day;
}

function mondayOf(day: LocalDate): LocalDate {
  return addDays(day, 1 - isoWeekday(day));
}

/**
 * "(2026-11-25,2026-12-09,P2W)". When it starts today or tomorrow it is a duration in other words
 * ("the next two weeks", "the rest of the month"): now + the duration, so it agrees with "for 2 weeks".
 * Otherwise ("from the 3rd to the 10th") it ends on its end date.
 */
function rangeMeaning(m: RegExpExecArray, point: SpanPoint): Meaning | null {
  const start = parseIsoDate(m[1]);
  const end = parseIsoDate(m[2]);
  const duration = durationFromTimex(m[3] ?? '');
  if (!start || !end) return null;
  return (ctx) => {
    const startsNow = [ctx.today, addDays(ctx.today, 1)].some((d) => sameDate(d, start));
    if (startsNow && duration && point !== 'start') return afterDuration(duration, ctx);
    return point === 'start' ? start : end;
  };
}
