import { distance } from 'fastest-levenshtein';

/**
 * Typo correction for the handful of words the intent rules hang on ("pasue", "resum",
 * "unsubscibe", "cna i tlak to someone"). Deliberately narrow: only these words are ever
 * produced, and real words one slip away from them are protected, because turning "cancer"
 * into "cancel" or "mourning" into "morning" would be far worse than missing a typo.
 */
const RULE_WORDS = [
  // commands and keywords
  'pause', 'resume', 'unsubscribe', 'unstop', 'stopall', 'optout', 'revoke', 'cancel', 'stop', 'help',
  'delete', 'remove', 'change', 'erase', 'forget', 'information', 'details', 'everything',
  // people to talk to
  'talk', 'speak', 'someone', 'somebody', 'anyone', 'person', 'human', 'coach', 'different', 'another',
  // contact and rhythm
  'text', 'texts', 'texting', 'message', 'messages', 'messaging', 'weekly', 'fortnightly', 'monthly',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'tomorrow',
  'christmas', 'holiday', 'break', 'ready', 'again', 'back', 'number',
  // lists, scores, courtesies
  'matters', 'wellbeing', 'questions', 'please', 'thanks', 'thank', 'cheers', 'hello', 'morning',
  'afternoon', 'evening',
  // short words, corrected only when two neighbouring letters are swapped ("cna", "waht")
  'can', 'want', 'what', 'need', 'time', 'know', 'the', 'and', 'you', 'have', 'with',
];

/** Real words within one slip of a rule word: never "corrected". */
const PROTECTED = [
  'cause', 'presume', 'resumed', 'remote', 'removed', 'deleted', 'chance', 'changed', 'changes',
  'parson', 'persons', 'humane', 'humans', 'speaks', 'peak', 'thinks', 'shanks', 'tanks', 'than',
  'hell', 'hellos', 'beak', 'breaks', 'lease', 'pleased', 'pleases', 'massage', 'massages',
  'messaged', 'massaging', 'testing', 'tested', 'meekly', 'weakly', 'lumber', 'numbers', 'read',
  'reads', 'gain', 'gains', 'ease', 'erased', 'eraser', 'forgot', 'forge', 'forgets', 'cheer',
  'mourning', 'matter', 'mattered', 'natter', 'natters', 'batters', 'hatters', 'detail', 'question',
  'questioned', 'cancer', 'cancers', 'cancels', 'evoke', 'revoked', 'christian', 'christians',
  'difference', 'fortnight', 'subscribe', 'unsubscribed', 'informative', 'mondays', 'tuesdays',
  'wednesdays', 'thursdays', 'fridays', 'saturdays', 'sundays', 'sundae', 'holidays', 'evenings',
  'mornings', 'afternoons', 'coaches', 'texted', 'stops', 'helps', 'talks', 'wants', 'needs',
  'charge', 'charged', 'cheery', 'cheeks', 'forged', 'numbed', 'masters',
];

const KNOWN = new Set([...RULE_WORDS, ...PROTECTED]);

/** True when `a` is `b` with two neighbouring letters swapped: the commonest thumb slip. */
function isNeighbourSwap(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const i = [...a].findIndex((ch, k) => ch !== b[k]);
  return i >= 0 && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Whether a token is near enough a rule word to be taken for it. */
function isCloseEnough(token: string, word: string): boolean {
  if (isNeighbourSwap(token, word)) return word.length >= 3;
  if (token.length < 4 || word.length < 5) return false;
  const d = distance(token, word);
  if (d === 1) return word.length >= 6 || token.length !== word.length; // "cause" is not "pause"
  return d === 2 && word.length >= 9 && token.length >= 8;
}

/** The rule word a token was probably meant to be, or the token unchanged. */
export function correctTypo(token: string): string {
  if (KNOWN.has(token) || !/^[a-z]+$/.test(token) || token.length > 20) return token;
  let best: { word: string; d: number } | null = null;
  for (const word of RULE_WORDS) {
    if (Math.abs(word.length - token.length) > 2 || !isCloseEnough(token, word)) continue;
    const d = isNeighbourSwap(token, word) ? 1 : distance(token, word);
    if (!best || d < best.d) best = { word, d };
  }
  return best ? best.word : token;
}

/** Words the normaliser should not squash ("cheeers" → "cheers", not "chers"). */
export function isKnownWord(token: string): boolean {
  return KNOWN.has(token);
}
