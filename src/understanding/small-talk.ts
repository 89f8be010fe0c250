/**
 * Greetings and thanks, recognised only when they are the whole message: "hiya love x" is a greeting,
 * "hiya, rough week" is a check-in that happens to start politely.
 */

const GREETING_OPENERS =
  /^(?:hi|hello|hiya|hey|heya|hia|hai|hey up|ey up|eyup|ayup|aye up|howdy|yo|morning|good morning|afternoon|good afternoon|evening|good evening|alright|alreet|greetings|hi there|hello there|how are you|how are you doing|how is it going|how are things|you ok|you alright)\b/;

/** Words that may follow a greeting without adding anything to it. */
const GREETING_EXTRAS = new Set(
  ('there all you love hun lantern again mate everyone folks how are is it going doing things what up ok ' +
    'hope well good lovely today this the morning afternoon evening and i am fine thanks thank just saying hi ' +
    'hello to say dear chuck pet duck sweetheart')
    .split(' '),
);

/** "it is Margaret", "this is Jean", "Dave here": a greeting may carry a name we do not know. */
const SIGNED = /\b(?:(?:it is|this is) \w+|\w+ here)$/;

export function isGreeting(words: string): boolean {
  const opener = GREETING_OPENERS.exec(words);
  if (!opener) return false;
  const rest = words.slice(opener[0].length).replace(SIGNED, '').trim();
  return rest === '' || rest.split(' ').every((word) => GREETING_EXTRAS.has(word));
}

const THANKS_WORDS = new Set(['thanks', 'thank', 'ta', 'cheers', 'appreciate', 'appreciated', 'thankyou']);

/** Words that may sit round a thank-you without turning it into news. */
const THANKS_EXTRAS = new Set(
  ('you very much so lots many a lot for that this your help the chat ok great lovely brill brilliant nice ' +
    'will do mate again really it all everything love hun dear is kind of fab fabulous perfect super ' +
    'wonderful ever listening bye see speak soon later night goodnight take care talking me and much cheers ' +
    'appreciate appreciated just ta x oh right alright good that is lots loads massive huge big helpful useful ' +
    'info information advice was too')
    .split(' '),
);

export function isThanks(words: string): boolean {
  const tokens = words.split(' ');
  return (
    tokens.some((word) => THANKS_WORDS.has(word)) &&
    tokens.every((word) => THANKS_WORDS.has(word) || THANKS_EXTRAS.has(word))
  );
}
