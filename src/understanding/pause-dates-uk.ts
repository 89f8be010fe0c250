/**
 * Hand-written "when" rules, only where the Bot Framework recognizer (1.3.x, en-GB) is silent or
 * wrong for the way people in the UK text. Each rule says why it exists. Everything else is left
 * to the recognizer (pause-dates-recognizer.ts).
 */
import { findWhen } from './time-phrases';
import { normalise } from './normalise';
import { addDays, addMonths, compareDates, easterSunday, isValidDate, type LocalDate } from '../lib/calendar';
import { nextMonthly, nextWeekdayOccurrence, nextYearly, type Mention, type ResolveContext } from './pause-dates-rules';

/**
 * The recognizer slows down sharply on long runs of numbers (2,000 characters of "1 1 1…" take over
 * a second), and nobody puts the date of a pause in paragraph nine. Long messages are cut to a
 * window around the time phrase that findWhen spots, or to their start.
 */
const MAX_CHARS = 400;

/** The message as words the recognizer knows: normalise() expands text-speak ("til xmas" → "until christmas"); a few more here. */
export function prepareWords(text: string): string {
  const { light } = normalise(text);
  return normalise(windowOf(light).replace(TWO_UNITS, 'two '))
    .words
    .replace(TIGHT_UNIT, (_, n: string, unit: string) => `${n} ${UNIT_WORDS[unit] ?? unit}`)
    .replace(LOOSE_WORDS, (w) => MORE_TEXT_SPEAK[w] ?? w)
    .replace(DOTTED_DATE, (date) => date.replace(/\./g, '/'))
    .replace(ONE_OR_TWO, '2 $1s');
}

function windowOf(light: string): string {
  if (light.length <= MAX_CHARS) return light;
  const phrase = findWhen(light.slice(0, 2000)) ?? '';
  const at = phrase === '' ? -1 : light.indexOf(phrase);
  if (at < 0) return light.slice(0, MAX_CHARS);
  return light.slice(Math.max(0, at - 100), at + phrase.length + 100);
}

/**
 * normalise() reads "2" after words like "next", "got", "have" as "to" ("back 2 work"), which turns
 * "the next 2 weeks" and "got 2 weeks off" into "next to weeks". A 2 before a unit is a number.
 */
const TWO_UNITS = /(?<![\p{L}\p{N}])2\s+(?=(?:wks?|weeks?|days?|dys|mnths?|mths?|months?|hrs?|hours?|yrs?|years?|fortnights?)(?![\p{L}]))/giu;

/** "2wks", "3days": the recognizer only reads a number and its unit as separate words. */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  wk: 'week', wks: 'weeks', week: 'week', weeks: 'weeks', day: 'day', days: 'days', dys: 'days',
  mnth: 'month', mnths: 'months', mth: 'month', mths: 'months', month: 'month', months: 'months',
  hr: 'hour', hrs: 'hours', hour: 'hour', hours: 'hours',
};
const TIGHT_UNIT = /\b(\d+)(wks?|weeks?|dys|days?|mnths?|mths?|months?|hrs?|hours?)\b/g;

/** Text-speak for time words that normalise() leaves alone (its map is for the intent rules). */
const MORE_TEXT_SPEAK: Readonly<Record<string, string>> = {
  wkend: 'weekend', wknd: 'weekend', yr: 'year', yrs: 'years', ova: 'over',
  afta: 'after', aftr: 'after', fortnite: 'fortnight', 'x mas': 'christmas', nye: 'new years eve',
};
const LOOSE_WORDS = /\b(?:wkend|wknd|yrs?|ova|afta|aftr|fortnite|x mas|nye)\b/g;

/** "til 10.12": UK day.month with dots, which the recognizer does not read (it does read 10/12). Not "1.5 weeks". */
const DOTTED_DATE = /\b\d{1,2}\.\d{1,2}(?:\.\d{2,4})?\b(?!\s*(?:weeks?|days?|months?|hours?|years?))/g;

/** "a week or two": the recognizer keeps "a week"; the person asked for up to two, so give them the space. */
const ONE_OR_TWO = /\b(?:a|one|1)\s+(day|week|month)\s+or\s+(?:two|2)\b/g;

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const WEEKDAYS: ReadonlyArray<readonly [RegExp, number]> = [
  [/^mon(?:day)?$/, 1], [/^tue(?:s|sday)?$/, 2], [/^wed(?:s|nesday)?$/, 3], [/^thu(?:r|rs|rsday)?$/, 4],
  [/^fri(?:day)?$/, 5], [/^sat(?:urday)?$/, 6], [/^sun(?:day)?$/, 7],
];
const DAY_WORD = 'mon(?:day)?|tue(?:s|sday)?|wed(?:s|nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?';

type Resolve = (ctx: ResolveContext, m: RegExpExecArray) => LocalDate | null;
interface Rule {
  readonly pattern: RegExp;
  readonly resolve: Resolve;
}

const RULES: readonly Rule[] = [
  {
    // "over Christmas and New Year": both holidays, so after both. The recognizer reads only "after christmas".
    pattern: /\b(?:after|over|past|for)\s+(?:the\s+)?christmas\s+and\s+(?:the\s+)?new\s*years?\b/g,
    resolve: ({ today }) => nextYearly(1, 2, today),
  },
  {
    // "after Christmas" in the UK means after Boxing Day too: 27 December. The recognizer gives the
    // 26th, and reads "over Christmas" / "for Christmas" as Christmas Day itself.
    pattern: /\b(?:after|over|past|for)\s+(?:the\s+)?christmas\b(?!\s+(?:day|eve)\b)(?:\s+(?:holidays?|hols|period|break))?/g,
    resolve: ({ today }) => nextYearly(12, 25, today, 2),
  },
  {
    // Boxing Day is unknown to the recognizer.
    pattern: /\b(?:(after|over|past)\s+)?boxing\s+day\b/g,
    resolve: ({ today }, m) => nextYearly(12, 26, today, m[1] ? 1 : 0),
  },
  {
    // "the new year" means getting back to normal after New Year's Day: 2 January. The recognizer says
    // 1 January. "New Year's Day" and "New Year's Eve" are left to it.
    pattern: /\b(?:(?:after|over|past)\s+)?(?:the\s+)?new\s*years?\b(?!\s+(?:day|eve)\b)/g,
    resolve: ({ today }) => nextYearly(1, 2, today),
  },
  {
    // Easter moves every year and the recognizer leaves it "not resolved". "After Easter" (and "over
    // Easter") is after the bank holiday: the Tuesday after Easter Monday.
    pattern: /\b(?:(after|over|past|for)\s+)?(?:the\s+)?easter(?:\s+(sunday|monday|weekend|holidays?|hols|break))?\b/g,
    resolve: ({ today }, m) => nextEaster(today, easterOffset(m[1], m[2])),
  },
  {
    // "the 10th of next month": the recognizer splits it into "the 10th" and "next month".
    pattern: /\b(?:(after)\s+)?the\s+(\d{1,2})(?:st|nd|rd|th)\s+of\s+next\s+month\b/g,
    resolve: ({ today }, m) => {
      const next = addMonths({ ...today, day: 1 }, 1);
      const date = { ...next, day: Number(m[2]) };
      return isValidDate(date) ? addDays(date, m[1] ? 1 : 0) : null;
    },
  },
  {
    // "till the 10th", "after the 10th", "the 10th": the recognizer only knows "on the 10th". The next
    // 10th after today. A month or "of" after it ("10th of December") is the recognizer's.
    pattern: new RegExp(
      `\\b(?:(until|after|on|from|by|before)\\s+)?(?:(after)\\s+)?(the\\s+)?(\\d{1,2})(?:st|nd|rd|th)\\b` +
        `(?!\\s+(?:of\\b|(?:${MONTHS})\\b|time|times|week|day|month|year|birthday|session|appointment|anniversary|floor|place|attempt))` +
        // "from the 3rd to the 10th": the first day of a range is not the return; the second one is
        `(?!\\s*(?:to|and|until|till|-)\\s+(?:the\\s+)?\\d)`,
      'g',
    ),
    resolve: ({ today }, m) => {
      if (!m[1] && !m[3]) return null; // a bare "10th" is as likely "my 10th session" as a date
      if (m[1] === 'before') return null; // "before the 10th": some time before, too vague
      return nextMonthly(Number(m[4]), today, m[1] === 'after' || m[2] ? 'after' : 'on');
    },
  },
  {
    // "til sat", "until sun": the recognizer does not read "sat" and "sun" (ordinary words) after "until".
    pattern: /\b(until|after|by)\s+(sat|sun)\b/g,
    resolve: ({ today }, m) => nextWeekdayOccurrence(m[2] === 'sat' ? 6 : 7, today, m[1] === 'after' ? 'after' : 'on'),
  },
  {
    // UK "a week on Friday", "Friday week": the Friday after next. The recognizer sees "a week" and "Friday" apart.
    pattern: new RegExp(`\\b(?:a\\s+week\\s+(?:on\\s+)?(${DAY_WORD}|today|tomorrow)|(${DAY_WORD})\\s+week)\\b`, 'g'),
    resolve: ({ today }, m) => {
      const word = m[1] ?? m[2] ?? '';
      if (word === 'today') return addDays(today, 7);
      if (word === 'tomorrow') return addDays(today, 8);
      const weekday = WEEKDAYS.find(([re]) => re.test(word))?.[1] ?? 0;
      const day = nextWeekdayOccurrence(weekday, today, 'on');
      return day ? addDays(day, 7) : null;
    },
  },
];

function easterOffset(lead: string | undefined, what: string | undefined): number {
  if (what === 'monday') return lead === 'after' ? 2 : 1;
  if (what === 'sunday') return lead === 'after' ? 1 : 0;
  return lead || what ? 2 : 0; // "after/over Easter", "the Easter weekend/holidays": the Tuesday after
}

function nextEaster(today: LocalDate, offset: number): LocalDate | null {
  for (const year of [today.year, today.year + 1]) {
    const day = addDays(easterSunday(year), offset);
    if (compareDates(day, today) > 0) return day;
  }
  return null;
}

/** Every hand-written rule that matches, as Mentions at their place in the words. */
export function handWrittenMentions(words: string): Mention[] {
  const mentions: Mention[] = [];
  for (const rule of RULES) {
    for (const m of words.matchAll(rule.pattern)) {
      const match = m as RegExpExecArray;
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (mentions.some((o) => start < o.end && o.start < end)) continue; // an earlier, more specific rule has it
      mentions.push({ start, end, resolve: (ctx) => rule.resolve(ctx, match) });
    }
  }
  return mentions;
}
