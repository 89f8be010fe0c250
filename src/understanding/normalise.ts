import { AMBIGUOUS_CONTRACTIONS, TEXT_SPEAK } from './text-speak';
import { correctTypo, isKnownWord } from './typos';

/** A message in two forms: one to quote back to the person, one for the rules to match. */
export interface NormalisedMessage {
  /** The person's words, tidied (no control characters, one space between words) but not reworded. */
  readonly light: string;
  /**
   * Lower case, emoji and punctuation gone, text-speak expanded, a few typos fixed, kisses at the end
   * dropped: "Cna u pasue til Xmas pls x 😊" → "can you pause until christmas please".
   * Digits keep "/" and "." between them so "4/10" and "6.5" survive.
   */
  readonly words: string;
}

/** Rules read only the start of very long messages; nobody sends a command in paragraph nine. */
const MAX_CHARS_FOR_RULES = 2000;

/** Control characters become spaces; invisible formatting (zero-width spaces, direction marks) goes, so "S\u200bTOP" is STOP. */
const CONTROL = /[\p{Cc}\p{Cs}\p{Co}\u2028\u2029]/gu;
const FORMATTING = /(?!\u200d)\p{Cf}/gu; // the zero-width joiner stays: it holds family emoji together
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\u{1F1E6}-\u{1F1FF}\uFE0E\uFE0F\u20E3\u200D]/gu;
/** "talk 2 someone", "back 2 work": a 2 after these words is "to", not a number. */
const TWO_MEANING_TO =
  /\b(talk|speak|chat|go|going|come|back|want|need|listen|get|got|used|try|trying|able|nice|good|ready|like|love|up|down|next|due|have|has|had) 2 (?=\p{L})/gu;
const KISSES = /^(?:x+|(?:xo)+x?|(?:ox)+o?)$/;

export function normalise(text: unknown): NormalisedMessage {
  const light = tidy(typeof text === 'string' ? text : '');
  return { light, words: toWords(light.slice(0, MAX_CHARS_FOR_RULES)) };
}

function tidy(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FORMATTING, '')
    .replace(CONTROL, ' ')
    .replace(/[\u2018\u2019\u201B\u2032\u00B4`]/g, "'")
    .replace(/[\u201C\u201D\u201E]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

function toWords(light: string): string {
  let s = light.toLowerCase().replace(EMOJI, ' ');
  for (const [pattern, replacement] of AMBIGUOUS_CONTRACTIONS) s = s.replace(pattern, replacement);
  s = s
    .replace(/'/g, '')
    .replace(/&/g, ' and ')
    .replace(/(\d)\s*\/\s*(\d)/g, '$1/$2')
    .replace(/[^\p{L}\p{N}\s/.]/gu, ' ')
    .replace(/(?<!\d)[/.]|[/.](?!\d)/g, ' ');
  const tokens = s.replace(TWO_MEANING_TO, '$1 to ').split(' ').filter((t) => t !== '');
  while (tokens.length > 0 && KISSES.test(tokens[tokens.length - 1] ?? '')) tokens.pop();
  return tokens.map(toRuleWord).join(' ');
}

function toRuleWord(token: string): string {
  const squashed = unstretch(token);
  return TEXT_SPEAK.get(squashed) ?? correctTypo(squashed);
}

/** "pleeeease" → "please", "hiiii" → "hi", "cheeeers" → "cheers". */
function unstretch(token: string): string {
  if (!/(\p{L})\1\1/u.test(token)) return token;
  const toTwo = token.replace(/(\p{L})\1{2,}/gu, '$1$1');
  if (isKnownWord(toTwo) || TEXT_SPEAK.has(toTwo) || COMMON_DOUBLES.has(toTwo)) return toTwo;
  return token.replace(/(\p{L})\1{2,}/gu, '$1');
}

const COMMON_DOUBLES = new Set(['good', 'soon', 'too', 'hello', 'all', 'well', 'see', 'feel', 'need', 'really']);
