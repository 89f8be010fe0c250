import type { NormalisedMessage } from './normalise';
import { POSITION, parsePosition } from './numbers';
import { OPENING } from './phrases';

/**
 * Commands for a person's own "what matters" list: change 2 to…, remove 3, add: …
 * Matching runs on the normalised words; the new text is cut from the person's own words (`light`),
 * so "Change #2 to: Walking with Bess 🐕" keeps its capitals and its dog.
 */

const ITEM = `(?:(?:the|my) )?(?:number |no |item |point |#)?(${POSITION})(?: one| item| thing| point)?`;

const CHANGE = [
  new RegExp(
    `^${OPENING}(?:change|edit|update|replace|swap|amend|alter|correct|reword|rewrite) ${ITEM}` +
      ` (?:to say|so it says|to read|to be|to|with|for|into|and make it|and put|it should say|should say|as) (.+)$`,
  ),
  new RegExp(`^${OPENING}(?:number |no |item )?(${POSITION}) (?:should (?:say|be|read)|needs to say|is now) (.+)$`),
];

const REMOVE = [
  new RegExp(
    `^${OPENING}(?:remove|delete|take off|take out|cross off|cross out|get rid of|drop|scrap|bin|erase|forget) ${ITEM}` +
      `(?: (?:off|from|of))?(?: (?:my|the))?(?: list| what matters)?(?: please| thanks| thank you| ok)*$`,
  ),
  new RegExp(`^${OPENING}(?:take|cross|knock|strike) ${ITEM} (?:off|out)(?: of)?(?: (?:my|the))?(?: list)?(?: please| thanks)*$`),
];

/** Narrower than OPENING: "I want to remember my mum" is not a command. */
const ADD_OPENING = '(?:(?:please|can you|could you|would you|will you|hi|hey|ok|also|and|just) )*';
const ADD_COMMAND =
  '(?:add(?: this| that)?(?: to (?:my|the) (?:list|what matters))?|note down|note|make a note(?: of)?|write down|put down|' +
  'remember)(?: that)?';
const ADD = new RegExp(`^${ADD_OPENING}${ADD_COMMAND} (?!(?:me|you|it|on|when|the time|that time)\\b)(.+)$`);

/** The same openings and commands, as written: "Please add: …", "note that …". */
const LIGHT_OPENING = /^[\W_]*(?:(?:please|pls|plz|can you|could you|will you|hi|hey|ok|also|and)[\s,]+)*/i;
const LIGHT_ADD =
  /^(?:add(?:\s+(?:this|that))?(?:\s+to\s+(?:my|the)\s+(?:list|what matters))?|note\s+down|note|make\s+a\s+note(?:\s+of)?|write\s+down|put\s+down|(?:please\s+)?remember)(?:\s+that)?\s*[:\-–,]?\s*/i;
const LIGHT_AFTER_ITEM =
  /(?:#|\b)(?:\d{1,2}(?:st|nd|rd|th)?|[a-z]+)\b(?:\s+(?:one|item|thing|point))?(?:\s*[:\-–]\s*|\s+(?:to say|so it says|to read|to be|to|with|for|into|and make it|and put|it should say|should say|should be|should read|needs to say|is now|as)\b\s*[:\-–]?\s*)/i;

export function matchChange(m: NormalisedMessage): { number: number; text: string } | null {
  for (const pattern of CHANGE) {
    const found = pattern.exec(m.words);
    const number = found?.[1] === undefined ? null : parsePosition(found[1]);
    if (found && number !== null) return { number, text: ownWordsAfterItem(m.light, found[1] ?? '') ?? found[2] ?? '' };
  }
  return null;
}

export function matchRemove(m: NormalisedMessage): { number: number } | null {
  for (const pattern of REMOVE) {
    const found = pattern.exec(m.words);
    const number = found?.[1] === undefined ? null : parsePosition(found[1]);
    if (number !== null) return { number };
  }
  return null;
}

export function matchAdd(m: NormalisedMessage): { text: string } | null {
  const found = ADD.exec(m.words);
  if (!found?.[1]) return null;
  const afterOpening = m.light.replace(LIGHT_OPENING, '');
  const own = LIGHT_ADD.test(afterOpening) ? afterOpening.replace(LIGHT_ADD, '') : found[1];
  const text = tidyItemText(own);
  return text === '' ? null : { text };
}

/** The person's words after "2 to", "#2:", "number two should say". */
function ownWordsAfterItem(light: string, item: string): string | null {
  const at = light.toLowerCase().search(new RegExp(`(?:#|\\b)${escape(item)}\\b`));
  if (at < 0) return null;
  const rest = light.slice(at);
  const connector = LIGHT_AFTER_ITEM.exec(rest);
  if (!connector || connector.index !== 0) return null;
  const text = tidyItemText(rest.slice(connector[0].length));
  return text === '' ? null : text;
}

/** Drops the kisses, "please" and "thanks" people put at the end of a command. */
function tidyItemText(text: string): string {
  return text
    .replace(/(?:[\s,.!]+(?:x+|please|pls|plz|thanks|thank you|ta|cheers))+[\s.!]*$/i, '')
    .replace(/^["']|["']$/g, '')
    .trim();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
