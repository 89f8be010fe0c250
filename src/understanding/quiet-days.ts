import { CONTACT_VERB, DAY, DAY_NAMES } from './phrases';

/**
 * Days a person never wants an unprompted text: "no texts at the weekend", "don't message me on
 * Sundays", "text me weekly but not on Fridays". Only recurring days count (plural days,
 * weekends, weekdays, "any Sunday"): "don't text me on Sunday" is about one Sunday, a pause.
 * "Any day is fine" clears them.
 */

const WEEKEND = [0, 6];
const WEEKDAYS = [1, 2, 3, 4, 5];

// One recurring day or group of days, e.g. "sundays", "weekends", "the weekend", "any sunday".
const RECURRING = `(?:(?:the )?weekends?|weekdays|week days|(?:any|every) ${DAY}|${DAY.replace(/s\?$/, '')}s)`;
const DAY_LIST = `${RECURRING}(?:(?: ?, ?| and | or | ?/ ?| & )(?:on )?${RECURRING.replace('(?:any|every) ', '(?:any |every )?')})*`;
const WHEN = `(?:on|at|over|during|for|in) (?:the )?`;
const NEGATIVE = `(?:do not|never|no|not|please do not|no need to|rather you did not|would rather not|prefer not to)`;

const QUIET_DAYS: readonly RegExp[] = [
  // "don't text me on sundays", "no texts at weekends", "never message me at the weekend"
  new RegExp(`\\b${NEGATIVE} (?:\\w+ ){0,3}?(?:${CONTACT_VERB}\\w*|texts|messages|contact)(?: \\w+){0,3}? ${WHEN}(${DAY_LIST})\\b`),
  // "but not on fridays", "not at weekends please", "never at weekends"
  new RegExp(`\\b(?:not|never) ${WHEN}(${DAY_LIST})\\b`),
  // "sundays are off", "weekends are no good for me"
  new RegExp(`\\b(${DAY_LIST}) (?:are|is) (?:off|off limits|no good|not good|bad|difficult|hard|family time|my day off)\\b`),
];

const ANY_DAY = new RegExp(
  `\\b(?:any day (?:is|are|would be) (?:fine|ok|okay|good|great)|any day of the week|${CONTACT_VERB}\\w* me (?:on )?any day|(?:weekends|${DAY.replace(/s\?$/, '')}s) (?:are|is) (?:fine|ok|okay) (?:now|again))\\b`,
);

export function matchQuietDays(words: string): { days: number[] } | null {
  if (ANY_DAY.test(words)) return { days: [] };
  for (const pattern of QUIET_DAYS) {
    const found = pattern.exec(words);
    if (found?.[1]) {
      const days = daysIn(found[1]);
      if (days.length > 0) return { days };
    }
  }
  return null;
}

/** The message with its "not on X" part taken out, so a rhythm's day is not read from it. */
export function withoutQuietDays(words: string): string {
  return QUIET_DAYS.reduce((text, pattern) => text.replace(new RegExp(pattern.source, 'g'), ' '), words).replace(/\s+/g, ' ').trim();
}

function daysIn(list: string): number[] {
  const days = new Set<number>();
  if (/\bweekends?\b/.test(list)) WEEKEND.forEach((d) => days.add(d));
  if (/\bweek ?days\b/.test(list)) WEEKDAYS.forEach((d) => days.add(d));
  for (const word of list.split(/[^a-z]+/)) {
    const prefix = word.slice(0, 2);
    if (word.length < 3 || /^week/.test(word)) continue;
    const index = DAY_NAMES.findIndex((name) => name.startsWith(prefix) && name.startsWith(word.replace(/s$/, '').slice(0, 3)));
    if (index >= 0) days.add(index);
  }
  return [...days].sort((a, b) => a - b);
}
