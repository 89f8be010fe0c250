import { distance } from 'fastest-levenshtein';
import { CRISIS_RULES, FIGURES_OF_SPEECH, KIND_PRIORITY } from './crisis-phrases';
import { AMBIGUOUS_CONTRACTIONS, TEXT_SPEAK } from './text-speak';

export type CrisisKind = 'suicide' | 'self-harm' | 'overdose' | 'abuse' | 'violence' | 'immediate-danger';

export interface CrisisSignal {
  kind: CrisisKind;
  /** the words that triggered it, for the coach's flag */
  matched: string;
}

/**
 * The safety net under every message (DOMAIN.md, "Duty of care"): null when the message shows no
 * sign of risk to life or safety. Rules, not a model, so a coach can read why it fired and a test
 * can pin every phrase. Errs towards false alarms; see crisis-phrases.ts for the rules and idioms.
 * Never throws, whatever the input.
 */
export function detectCrisis(text: string): CrisisSignal | null {
  if (typeof text !== 'string' || text.trim() === '') return null;
  try {
    const words = withoutFiguresOfSpeech(normaliseForCrisis(text));
    for (const kind of KIND_PRIORITY) {
      for (const rule of CRISIS_RULES[kind]) {
        const match = rule.exec(words);
        if (match) return { kind, matched: match[0].trim() };
      }
    }
    return null;
  } catch {
    // Unreachable by design (the tests throw hostile input at it); if it ever happens, a missed
    // flag is still better than a crashed turn that never sends the crisis routes to anyone.
    return null;
  }
}

/** Spellings the crisis rules depend on, over and above the shared text-speak map. */
const CRISIS_SPELLINGS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    kms: 'kill myself', od: 'overdose', oding: 'overdosing', ded: 'dead', diee: 'die', dei: 'die', wnat: 'want',
    ovadose: 'overdose', ovadosed: 'overdosed', lyf: 'life', b: 'be', cnt: 'cannot',
    // myself, as typed and as said in the north ("meself", "mysen")
    meself: 'myself', mesel: 'myself', mysen: 'myself', missen: 'myself', myslef: 'myself',
    mysefl: 'myself', mysef: 'myself', myelf: 'myself', mysel: 'myself', myseld: 'myself', myselfe: 'myself',
    // dropped g's and slips in the risk verbs
    killin: 'killing', kil: 'kill', kll: 'kill', kiling: 'killing', killling: 'killing', cuttin: 'cutting',
    cuting: 'cutting', hurtin: 'hurting', harmin: 'harming', dyin: 'dying', endin: 'ending', goin: 'going',
    livin: 'living', takin: 'taking', hittin: 'hitting', beatin: 'beating', slef: 'self', selfharmin: 'selfharming',
    // intentions and people
    gunna: 'going to', gona: 'going to', gna: 'going to', finna: 'going to', imma: 'i am going to',
    ima: 'i am going to', tryna: 'trying to', wna: 'want to', wanne: 'want to', dnt: 'do not', iv: 'i have',
    hes: 'he is', shes: 'she is', someones: 'someone is', theyd: 'they would', everyoned: 'everyone would', everyones: 'everyone is',
    lifes: 'life is', nomore: 'no more', hubby: 'husband', bf: 'boyfriend', gf: 'girlfriend', mam: 'mum',
    mom: 'mum', evry1: 'everyone', every1: 'everyone', evryone: 'everyone', everone: 'everyone',
    nobdy: 'nobody', nothin: 'nothing', nuthin: 'nothing', carnt: 'cannot', cannae: 'cannot', agen: 'again',
    agian: 'again', agin: 'again', wif: 'with', pils: 'pills', tablits: 'tablets',
  }),
);

/** Spellings that span words or need a neighbour to be read safely. */
const PHRASE_SPELLINGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bself harm/g, 'selfharm'],
  [/\bself injur[a-z]*/g, 'selfharm'],
  [/\bover dos/g, 'overdos'],
  [/\bco codamol\b/g, 'cocodamol'],
  [/\bun aliv/g, 'unaliv'],
  [/\b(?:my|me) self\b/g, 'myself'],
  [/\bany more\b/g, 'anymore'],
  [/\bno body\b/g, 'nobody'],
  [/\bcan not\b/g, 'cannot'],
  [/\bi m\b/g, 'i am'],
  [/\bbetter of\b/g, 'better off'],
  [/\b(an|a|the) overdoes\b/g, '$1 overdose'], // a noun, so not "he overdoes it"
  [/\bwant to dye(?= \.|$)/g, 'want to die'], // only hair gets dyed, and hair is named
  [/\bno more(?= \.|$)/g, 'anymore'],
  // "want 2 die", "want too die"; only after verbs, so "took 2 paracetamol" keeps its number
  [/\b(want|wanted|going|need|have|ready|about|trying|got) (?:2|too)\b/g, '$1 to'],
];

/** Risk words worth repairing when misspelt, and how many slips each may carry. */
const FUZZY_TARGETS: ReadonlyArray<readonly [string, number]> = [
  ['suicide', 1], ['suicidal', 1], ['overdose', 1], ['overdosed', 1], ['overdosing', 1],
  ['paracetamol', 2], ['cocodamol', 1], ['ibuprofen', 2], ['selfharm', 1], ['selfharming', 2],
  ['unalive', 1], ['sewerslide', 2],
];

/** Real words one or two slips from a risk word: never "repaired" ("I've been overdoing it"). */
const LOOKALIKES = new Set(['overdone', 'overdoing', 'overdoes', 'overdue', 'overused', 'overuse', 'overdoses', 'unalike', 'suicides']);

const INVISIBLE = /[\p{Cf}\u00AD\u034F]/gu;
/** Asides that end a thought as surely as a full stop: "everyone'd be better off tbh". */
const ASIDES = /\b(?:tbh|lol|lmao|ngl|idk|fr|tho|though|honestly|x{1,4})\b/g;
const CLAUSE_BREAK = /[.!?;:,\n\r\u2026"()[\]{}|]+|\s[-\u2013\u2014]+\s/g;

/** Lower case, text-speak expanded, one space between words and " . " where the person paused. */
export function normaliseForCrisis(text: string): string {
  let s = text.normalize('NFKD').replace(/\p{M}/gu, '').replace(INVISIBLE, '').toLowerCase();
  s = s.replace(/[\u2018\u2019\u201B\u2032\u00B4`\u02BC]/g, "'").replace(/[\u201C\u201D\u201E]/g, '"');
  for (const [pattern, replacement] of AMBIGUOUS_CONTRACTIONS) s = s.replace(pattern, replacement);
  s = s
    .replace(/\bod'e?d\b/g, 'overdosed')
    .replace(/'/g, '')
    .replace(/(?<=[a-z])\*+(?=[a-z])/g, '') // "k*ll"
    .replace(/&/g, ' and ')
    .replace(CLAUSE_BREAK, ' . ')
    .replace(ASIDES, ' . ')
    .replace(/[^a-z0-9. ]+/g, ' ')
    .replace(/([a-z])\1{2,}/g, '$1$1');
  s = s
    .split(/\s+/)
    .filter((token) => token !== '')
    .map(toCrisisWord)
    .join(' ');
  for (const [pattern, replacement] of PHRASE_SPELLINGS) s = s.replace(pattern, replacement);
  return s.replace(/(?:\s*\.\s*)+/g, ' . ').replace(/^ \. | \. $/g, '').trim();
}

function toCrisisWord(token: string): string {
  return CRISIS_SPELLINGS.get(token) ?? TEXT_SPEAK.get(token) ?? repairRiskWord(fromLeet(token));
}

const LEET_RISK_WORDS = new Set(['kill', 'killing', 'die', 'dead', 'suicide', 'suicidal', 'myself', 'overdose', 'unalive', 'selfharm']);

/** "k1ll", "ki11", "su1c1de": digits standing in for letters, read back only when they spell a risk word. */
function fromLeet(token: string): string {
  if (!/[a-z]/.test(token) || !/[01345]/.test(token)) return token;
  const common = (one: string): string =>
    token.replace(/0/g, 'o').replace(/1/g, one).replace(/3/g, 'e').replace(/4/g, 'a').replace(/5/g, 's');
  return [common('i'), common('l')].find((word) => LEET_RISK_WORDS.has(word)) ?? token;
}

/** "sucidal" → "suicidal", "paracetemol" → "paracetamol"; anything else comes back unchanged. */
function repairRiskWord(token: string): string {
  if (token.length < 6 || token.length > 20 || LOOKALIKES.has(token) || !/^[a-z]+$/.test(token)) return token;
  for (const [word, slips] of FUZZY_TARGETS) {
    if (word[0] !== token[0] || Math.abs(word.length - token.length) > slips) continue;
    if (isNeighbourSwap(token, word) || distance(token, word) <= slips) return word;
  }
  return token;
}

/** "siucidal": two neighbouring letters swapped, one slip to a thumb, two to Levenshtein. */
function isNeighbourSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const i = [...a].findIndex((ch, k) => ch !== b[k]);
  return i >= 0 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

const IDIOMS = FIGURES_OF_SPEECH.map((idiom) => new RegExp(idiom.source, 'g'));

/** Blanks out harmless idioms ("shot myself in the foot") so their risk words stop counting. */
function withoutFiguresOfSpeech(words: string): string {
  return IDIOMS.reduce((s, idiom) => s.replace(idiom, ' . '), words);
}
