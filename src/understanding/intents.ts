import { INTENT_RULES } from './intent-rules';
import type { Intent, WhatMattersCategory } from './intent-types';
import { normalise } from './normalise';
import { findScore } from './numbers';
import { findWhatMatters } from './what-matters-categories';

/**
 * Understanding people's messages without a cloud language service: normalise the text, then try
 * the ordered rules in `intent-rules.ts` (where every rule and its precedence lives).
 * Crisis language is NOT handled here: `crisis.ts` runs separately and must be checked first.
 */
export type { Intent, IntentKind, Rhythm, WhatMattersCategory, WhatMattersMention } from './intent-types';
export { normalise } from './normalise';

/** What a message means. Never throws: anything it cannot read is a check-in to show a coach. */
export function recogniseIntent(text: string): Intent {
  try {
    const message = normalise(text);
    for (const rule of INTENT_RULES) {
      const intent = rule.match(message);
      if (intent) return intent;
    }
    return nothingUnderstood();
  } catch {
    // A bug in one rule must not cost a person their reply; the coach still sees the message.
    return nothingUnderstood();
  }
}

function nothingUnderstood(): Intent {
  return { kind: 'chat', whatMatters: null, score: null };
}

/** The 0-10 number in an answer ("7", "seven", "about a 6", "4/10"), or null. */
export function scoreIn(text: string): number | null {
  try {
    return findScore(normalise(text).words);
  } catch {
    return null;
  }
}

/** Which kind of strength or need a what-matters item is, from its words; OTHER if unclear. */
export function categoryOf(text: string): WhatMattersCategory {
  try {
    const message = normalise(text);
    return findWhatMatters(message.words, message.light)?.category ?? 'OTHER';
  } catch {
    return 'OTHER';
  }
}
