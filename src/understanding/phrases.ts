/**
 * Regex fragments shared by the intent rules, for the normalised words (lower case, "do not",
 * "i am", "until"). Kept small and named so the rules table reads like sentences.
 */

/** Polite or chatty openings before a command: "please", "can you", "hi", "ok so". */
export const OPENING =
  '(?:(?:please|can you|could you|would you|will you|can i|could i|i want to|i would like to|i need to|' +
  'i wanna|want to|lets|hi|hey|hello|hiya|ok|oh|right|so|just|yes|yeah|also|and) )*';

/** Polite or chatty endings: "please", "thanks", "now", "ok". */
export const CLOSING = '(?: (?:please|thanks|thank you|ok|now|then|mate|love|hun|cheers|straight away|asap))*';

/** The whole message is `core`, give or take an opening and a closing. */
export function wholeMessage(core: string, closing: string = CLOSING): RegExp {
  return new RegExp(`^${OPENING}(?:${core})${closing}$`);
}

/** Ways of being in touch: what a person asks to stop, pause or pace. */
export const CONTACT_VERB =
  '(?:text|texting|message|messaging|contact|contacting|msg|check in|check up|get in touch|chat|catch up|' +
  'touch base|ring|call|hear from you|keep in touch|send|remind)';

export const DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** A day of the week, in full or the short forms people use after "every" or "on". */
export const DAY =
  '(?:sun(?:day)?|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday|s)?|thu(?:r(?:s(?:day)?)?)?|fri(?:day)?|sat(?:urday)?)s?';

/** Past-tense markers: "I was in hospital for 2 weeks" is news, not a request to pause. */
export const PAST_TENSE = /\b(?:was|were|been|went|came back|got back|had)\b/;

/** Someone saying they are not (yet) ready: "not ready to chat", "not quite up to talking". */
export const NOT_READY = /\bnot (?:\w+ )?(?:ready|happy|up|able|ok)\b/;
