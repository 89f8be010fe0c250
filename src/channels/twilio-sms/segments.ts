/**
 * How many SMS a text costs, and how to cut a long bot text into separate texts.
 *
 * Twilio concatenates a long Body itself (up to 1,600 characters), so a sender may send one
 * long Body and let the handset join the parts. `splitForSms` is for when we choose to send
 * separate texts instead: each piece then stands alone, is readable on a basic phone that
 * shows parts out of order, and a failure loses one piece rather than the whole reply.
 *
 * Pure functions, no I/O. Twilio's "smart encoding" (curly quotes → straight) is not assumed:
 * we count what we send.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

// GSM 03.38 default alphabet; 0x1B (escape) is left out because it is not a character.
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// Extension table: each is sent as escape + char, so costs two septets.
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

const SINGLE = { 'GSM-7': 160, 'UCS-2': 70 } as const;
// A concatenated part loses room to the 6-byte user data header.
const PER_PART = { 'GSM-7': 153, 'UCS-2': 67 } as const;

const TRUNCATION_MARK = '...'; // not "…": that one character would turn the text into UCS-2

function gsmCost(char: string): number | null {
  if (GSM_BASIC.has(char)) return 1;
  if (GSM_EXTENSION.has(char)) return 2;
  return null;
}

export function smsEncoding(text: string): SmsEncoding {
  for (const char of text) if (gsmCost(char) === null) return 'UCS-2';
  return 'GSM-7';
}

/** Units are septets (GSM-7) or UTF-16 code units (UCS-2); an empty text costs 0 parts. */
export function smsLength(text: string): { encoding: SmsEncoding; units: number; parts: number } {
  const encoding = smsEncoding(text);
  // Iterating by code point keeps escape pairs and surrogate pairs whole within a part.
  const costs = Array.from(text, (char) => (encoding === 'GSM-7' ? (gsmCost(char) ?? 1) : char.length));
  const units = costs.reduce((sum, cost) => sum + cost, 0);
  if (units === 0) return { encoding, units, parts: 0 };
  if (units <= SINGLE[encoding]) return { encoding, units, parts: 1 };
  let parts = 1;
  let used = 0;
  for (const cost of costs) {
    if (used + cost > PER_PART[encoding]) {
      parts += 1;
      used = 0;
    }
    used += cost;
  }
  return { encoding, units, parts };
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Length (in UTF-16 code units) of the longest prefix of `text` that fits one SMS once
 * `reserve` is appended. Cuts only between graphemes, so emoji ZWJ sequences stay whole.
 * Fitting is monotone (a longer prefix never fits again), so one scan is enough.
 */
function fittingPrefixLength(text: string, reserve: string): number {
  let gsm = reserve.length;
  let ucs2 = reserve.length;
  let allGsm = true;
  let end = 0;
  for (const { segment } of graphemes.segment(text)) {
    for (const char of segment) {
      const cost = gsmCost(char);
      if (cost === null) allGsm = false;
      else gsm += cost;
    }
    ucs2 += segment.length;
    if (!((allGsm && gsm <= SINGLE['GSM-7']) || ucs2 <= SINGLE['UCS-2'])) break;
    end += segment.length;
  }
  return end;
}

const SENTENCE_END = /[.!?…]["'’”)\]]*$/;

/** Where to cut `text`, given that its first `room` code units fit: sentence end, else word, else hard. */
function cutIndex(text: string, room: number): number {
  if (room >= text.length) return text.length;
  let lastWord = -1;
  let lastSentence = -1;
  for (let i = 1; i <= room; i++) {
    if (!/\s/.test(text[i] ?? '')) continue;
    lastWord = i;
    const before = text.slice(0, i);
    if (text[i] === '\n' || SENTENCE_END.test(before)) lastSentence = i;
  }
  // A sentence end very early would waste most of a text; a word break fills it better.
  if (lastSentence > 0 && lastSentence >= room / 2) return lastSentence;
  if (lastWord > 0) return lastWord;
  if (room > 0) return room;
  // One grapheme longer than an SMS (an absurd ZWJ run): fall back to whole code points.
  const first = Array.from(text)[0] ?? '';
  return first.length;
}

/**
 * Split a bot text into separate texts, each fitting ONE SMS (160 GSM-7 or 70 UCS-2, judged per
 * piece). With `maxParts`, the last allowed piece ends in "..." and the rest is dropped: the
 * person never sees it, so keep bot texts short rather than rely on this.
 */
export function splitForSms(text: string, maxParts = Number.POSITIVE_INFINITY): string[] {
  if (!(maxParts >= 1)) throw new RangeError(`maxParts must be at least 1, got ${maxParts}`);
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    const last = pieces.length + 1 >= maxParts;
    const whole = fittingPrefixLength(rest, '') >= rest.length;
    if (whole) {
      pieces.push(rest);
      break;
    }
    const reserve = last ? TRUNCATION_MARK : '';
    const cut = cutIndex(rest, fittingPrefixLength(rest, reserve));
    const piece = rest.slice(0, cut).trimEnd();
    if (piece.length > 0) pieces.push(last ? piece + TRUNCATION_MARK : piece);
    if (last) break;
    rest = rest.slice(cut).trimStart();
  }
  return pieces;
}
