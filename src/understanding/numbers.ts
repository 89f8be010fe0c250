/**
 * Small numbers as people text them: "2", "two", "2nd", "second".
 *
 * The Bot Framework number recogniser was tried first and set aside here: it reads "4/10" as 0.4,
 * "7 out of 10" as NaN and a phone number as a ten-digit number, so each case needed unpicking
 * anyway. For the 0–20 range these rules need, a word list is clearer and has no surprises.
 */

const WORDS = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];
const ORDINALS = [
  '', 'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth',
  'eleventh', 'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth',
  'nineteenth', 'twentieth',
];

/** A regex fragment for a list position: "2", "two", "2nd", "second". */
export const POSITION = `(?:\\d{1,2}(?:st|nd|rd|th)?|${WORDS.slice(1).join('|')}|${ORDINALS.slice(1).join('|')})`;

/** A regex fragment for a score word or digits: "6", "6.5", "six", "10". */
const SCORE_NUMBER = `(?:10|\\d(?:\\.5)?|${WORDS.slice(0, 11).join('|')})`;

/** "2" → 2, "two" → 2, "2nd" → 2, "second" → 2; null for anything else. */
export function parsePosition(text: string): number | null {
  const t = text.trim().toLowerCase();
  const digits = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(t);
  if (digits?.[1]) return Number(digits[1]);
  const asWord = WORDS.indexOf(t);
  if (asWord > 0) return asWord;
  const asOrdinal = ORDINALS.indexOf(t);
  return asOrdinal > 0 ? asOrdinal : null;
}

function parseScore(text: string): number | null {
  const asWord = WORDS.indexOf(text);
  const value = asWord >= 0 ? asWord : Number(text);
  return Number.isFinite(value) && value >= 0 && value <= 10 ? value : null;
}

/** Words after a number that show it is not a score: "a 6 week course", "7 years", "6 o clock". */
const NOT_A_SCORE_AFTER =
  '(?!\\s*(?:/|\\.\\d|\\d)|\\s+(?:am|pm|o clock|oclock|days?|weeks?|months?|years?|yrs?|hours?|hrs?|mins?|minutes?|' +
  'times?|miles?|pounds?|quid|p|kids|children|grandchildren|people|of (?:us|them)|foot|feet|ft|stone|kg)\\b)';

/** Ways people give a 0–10 "how are you" number, most certain first. */
const SCORE_PATTERNS: readonly RegExp[] = [
  new RegExp(`\\b(${SCORE_NUMBER})\\s*(?:/\\s*10|out of (?:10|ten))\\b`),
  new RegExp(`^(?:about |around |maybe |probably |prob |only |a solid |a |an )*(${SCORE_NUMBER})(?: today| tonight| this week| at the moment| right now| i think| i reckon| i would say)?$`),
  new RegExp(
    `\\b(?:feeling|feel|felt|i am|i would say|say|give it|give myself|rate it|rate myself|score|scoring|put me at|me at)` +
      `(?: (?:like|about|around|maybe|probably|prob|only|just|a|an|at|solid|good|strong|low|high|rough|bit of a))*` +
      ` (${SCORE_NUMBER})\\b${NOT_A_SCORE_AFTER}`,
  ),
  new RegExp(`\\b(?:a|an) (${SCORE_NUMBER}) (?:today|tonight|this week|at the moment|right now|atm)\\b`),
  new RegExp(`\\b(?:today is|today|it is|that is|i would give it) (?:a |an |about |maybe |probably )*(${SCORE_NUMBER})\\b${NOT_A_SCORE_AFTER}`),
  new RegExp(`\\b(${SCORE_NUMBER}) ?ish\\b`),
  new RegExp(`\\b(?:maybe|probably|prob|about|around|roughly|like) (?:a |an )?(${SCORE_NUMBER})(?: or (?:a |an )?${SCORE_NUMBER})?$`),
];

/** The 0–10 number a person gives for how they are ("feeling about a 6 today", "4/10"), or null. */
export function findScore(words: string): number | null {
  for (const pattern of SCORE_PATTERNS) {
    const found = pattern.exec(words);
    const score = found?.[1] === undefined ? null : parseScore(found[1]);
    if (score !== null) return score;
  }
  return null;
}
