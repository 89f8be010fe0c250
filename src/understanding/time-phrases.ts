/**
 * Spotting the "when" in a pause request, in the person's own words ("till January", "for 2 weeks").
 * Nothing here turns words into dates: the schedule module resolves them, with the person's clock.
 * The patterns work on both forms of a message (case-insensitive, tolerant of "til"/"till"/"until").
 */

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|march|mar|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const DAYS =
  '(?:mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday|s)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?)s?';
const UNITS = 'days?|weeks?|wks?|months?|mnths?|mths?|fortnight|years?|weekend|week end';
const OCCASIONS =
  "christmas|xmas|crimbo|chrimbo|easter|(?:the )?new year|new years|summer|spring|autumn|winter|half ?term|the holidays|the hols|bank holiday|(?:my|her|his) birthday|the school holidays";
const SOON = 'tomorrow|tmrw|tmr|2moro|tomoz|tonight|next time';
const DATE = "\\d{1,2}(?:st|nd|rd|th)(?:\\s+(?:of\\s+)?(?:" + MONTHS + ")\\b)?|\\d{1,2}[/.]\\d{1,2}(?:[/.]\\d{2,4})?";
const COUNT = "\\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|a couple(?: of)?|couple(?: of)?|several|another|a good few";

/** Words that open a time phrase: "for", "till", "after", "in", "next"... */
const LEAD = "for|till|til|until|untill|'til|after|before|in|from|over|on|next|this|by|around|end of|the end of|start of|beginning of";
/** Words that may sit between the lead and the time word: "till *after the* 10th". */
const BETWEEN = "the|a|an|about|another|next|this|at least|after|end of|start of|beginning of|middle of|other|more|\\d+";

const TIME_WORD = `(?:${COUNT})\\s*(?:more\\s+)?(?:${UNITS})|${UNITS}|${OCCASIONS}|${SOON}|${DATE}|(?:${MONTHS})|${DAYS}`;

/** "till after Christmas", "for 2 weeks", "in the new year", "next month", "on the 10th". */
export const TIME_PHRASE = new RegExp(
  `(?<![\\p{L}\\p{N}'])(?:${LEAD})\\s+(?:(?:${BETWEEN})\\s+){0,4}(?:${TIME_WORD})(?![\\p{L}\\p{N}])`,
  'iu',
);

/** A bare duration with no lead word: "give me *a month*", "pause *2 weeks*". */
const BARE_DURATION = new RegExp(`(?<![\\p{L}\\p{N}])(?:${COUNT})\\s*(?:more\\s+)?(?:${UNITS})(?![\\p{L}\\p{N}])`, 'iu');

/**
 * The time phrase in a message, as the person wrote it, or null. Vague spans ("for a bit",
 * "for a while") give null on purpose: there is nothing for the resolver to resolve.
 */
export function findWhen(light: string): string | null {
  const found = firstComingBack(light) ?? BARE_DURATION.exec(light)?.[0] ?? UNTIL_SOMETHING.exec(light)?.[0];
  return found ? found.replace(TRAILING_COURTESIES, '').trim() : null;
}

/** "busy this month, text me in December": "this month" is why, "in December" is when. */
function firstComingBack(light: string): string | undefined {
  const phrases = [...light.matchAll(new RegExp(TIME_PHRASE.source, 'giu'))].map((m) => m[0]);
  return phrases.find((p) => !/^this\b/i.test(p)) ?? phrases[0];
}

/** "until after my operation": not a date, but the person's own marker, worth keeping. */
const UNTIL_SOMETHING = /(?<![\p{L}'])(?:till|til|until|untill|'til|after)\s+[^.,!?;:\n]{2,40}/iu;
const TRAILING_COURTESIES = /(?:\s+(?:x+|please|pls|plz|thanks|thank you|ta|ok|then|love|hun))+\s*$/i;

/** Whether a (normalised) message mentions a time to come back ("until …" counts): pause, not opt-out. */
export function mentionsTime(words: string): boolean {
  return TIME_PHRASE.test(words) || BARE_DURATION.test(words) || /\buntil\b/.test(words);
}
