import type { Rhythm } from './intent-types';
import { CONTACT_VERB, DAY, DAY_NAMES, OPENING } from './phrases';

/**
 * How often a person wants to hear from Lantern: "check in with me every Monday", "once a month",
 * "don't text me unless I text you". The rhythm must come with a request about contact, so
 * "I go to the knit and natter every Monday" stays a check-in about their week.
 */

const ONLY_WHEN_I_WRITE: readonly RegExp[] = [
  new RegExp(
    `\\b(?:do not|never|no need to|you do not need to|please do not) (?:\\w+ ){0,2}${CONTACT_VERB}\\w*\\b.{0,30}` +
      `\\b(?:unless|until|if|before) i (?:text|message|contact|get in touch|msg|write|reach out|say|ask|send)`,
  ),
  new RegExp(`\\b(?:only|just) ${CONTACT_VERB}\\w*(?: with)? me (?:when|if|after) i\\b`),
  /\bi will (?:text|message|contact|get in touch|be in touch|reach out|write|let you know|msg)\b.{0,20}\b(?:when|if) i (?:need|want|am ready|feel)/,
  /\b(?:wait for me to|only when i) (?:text|message|get in touch|contact|write|msg)/,
  /\bi (?:prefer|would rather|would prefer|like) to (?:text|message|contact|get in touch with|msg) (?:you )?first\b/,
];

const FORTNIGHTLY = `fortnightly|every (?:other|2nd|second|two|2) weeks?|every fortnight|once a fortnight|every couple of weeks|twice a month|every other ${DAY}`;
const MONTHLY = `monthly|once a month|every month|each month|every (?:4|four) weeks|once every month|(?:first|last) ${DAY} of (?:the|every|each) month`;
const WEEKLY = `weekly|once a week|every week|each week|(?:every|each) ${DAY}|on ${DAY}s|${DAY}s (?:are|is) (?:best|good|better)`;

const RHYTHMS: ReadonlyArray<readonly [Exclude<Rhythm, 'only-when-i-write'>, RegExp]> = [
  ['fortnightly', new RegExp(`\\b(?:${FORTNIGHTLY})\\b`)],
  ['monthly', new RegExp(`\\b(?:${MONTHLY})\\b`)],
  ['weekly', new RegExp(`\\b(?:${WEEKLY})\\b`)],
];

/** Signs the rhythm is a request about contact, not a fact about their week. */
const ASKING: readonly RegExp[] = [
  new RegExp(`^${OPENING}${CONTACT_VERB}\\b`),
  new RegExp(`\\b(?:can|could|would|will) (?:you|we)\\b.{0,20}\\b${CONTACT_VERB}\\b`),
  /\b(?:i would|i) (?:like|prefer|rather)\b|\b(?:how about|what about|lets|let us|maybe|best if you|happy for you to|you can|ok to|please|can we do|could we do|would be (?:good|great|best|better|fine|nice))\b/,
  new RegExp(`^${OPENING}(?:${FORTNIGHTLY}|${MONTHLY}|${WEEKLY})(?: (?:please|thanks|then|ok|for me|works|suits me|is (?:fine|good|best|plenty|enough|great|ok|better)|would be (?:good|great|best|fine|nice|better)))*$`),
];

export function matchRhythm(words: string): { rhythm: Rhythm; day: number | null } | null {
  if (ONLY_WHEN_I_WRITE.some((p) => p.test(words))) return { rhythm: 'only-when-i-write', day: null };
  const found = RHYTHMS.find(([, pattern]) => pattern.test(words));
  if (!found || !ASKING.some((p) => p.test(words))) return null;
  return { rhythm: found[0], day: findDay(words) };
}

/** A day named in full, or a short form ("sat", "weds") only where it must be a day: "every sat". */
const NAMED_DAY = new RegExp(`\\b(?:(?:every|each|on|other|first|last) (${DAY})|(${DAY_NAMES.join('|')})s?)\\b`);

/** 0 = Sunday … 6 = Saturday, for the first day of the week named. */
function findDay(words: string): number | null {
  const found = NAMED_DAY.exec(words);
  const day = found?.[1] ?? found?.[2];
  if (!day) return null;
  const prefix = day.slice(0, 2);
  const index = DAY_NAMES.findIndex((name) => name.startsWith(prefix));
  return index >= 0 ? index : null;
}
