import type { Intent } from './intent-types';
import type { NormalisedMessage } from './normalise';
import { findScore } from './numbers';
import { CONTACT_VERB, DAY, NOT_READY, OPENING, PAST_TENSE, wholeMessage } from './phrases';
import { matchQuietDays, withoutQuietDays } from './quiet-days';
import { matchRhythm } from './rhythm';
import { isGreeting, isThanks } from './small-talk';
import { findWhen, mentionsTime } from './time-phrases';
import { findWhatMatters } from './what-matters-categories';
import { matchAdd, matchChange, matchRemove } from './what-matters-commands';

/**
 * EVERY intent rule, in order. The first rule that matches decides, so ORDER IS PRECEDENCE:
 *  1. carrier keywords as the whole message (STOP, START, HELP): always honoured, never second-guessed;
 *  2. commands on the person's own list and data (change 2…, remove 3, add:, delete my data);
 *  3. rhythm, quiet days, then pause, BEFORE opt-out phrases: "don't text me unless I text you" is a rhythm and
 *     "don't text me till January" a pause, though both look like "don't text me";
 *  4. opt-out phrases: only a plain request to stop ALL texts. "stop" inside a longer sentence
 *     ("I want to stop smoking", "need to cancel Thursday") falls through to chat;
 *  5. asking for a person, resuming, the list, wellbeing questions;
 *  6. greeting and thanks, only as the whole message;
 *  7. anything else is a check-in in the person's own words.
 * Patterns run on `words` (lower case, "do not", "i am", "until"; see normalise.ts).
 */
export interface IntentRule {
  readonly intent: Intent['kind'];
  readonly why: string;
  match(message: NormalisedMessage): Intent | null;
}

type PlainKind = 'opt-out' | 'opt-in' | 'help' | 'resume' | 'list-what-matters' | 'delete-my-data' | 'send-my-data' | 'wellbeing-questions';

/** A rule for an intent with no details: any of `patterns` matching the words is enough. */
function plain(intent: PlainKind, why: string, patterns: readonly RegExp[], unless?: RegExp): IntentRule {
  return {
    intent,
    why,
    match: ({ words }) => (patterns.some((p) => p.test(words)) && !unless?.test(words) ? { kind: intent } : null),
  };
}

const QUIET_PLEASE = new RegExp(
  `\\b(?:(?:do not|please do not|no need to|stop|hold off) (?:\\w+ )?${CONTACT_VERB}\\w*|no (?:more )?(?:texts|messages|contact)|leave (?:it|me|things)|hold off|not now)\\b`,
);

/** "stop texting me so early" asks for a change, not for silence, and "don't stop texting me" the opposite. */
const OPT_OUT_IS_ONLY_A_COMPLAINT =
  /\b(?:do not|never) stop\b|\b(?:so|too) (?:early|late|often|much|many)\b|\b(?:after|before) \d|\bat (?:night|weekends)\b|\bin the (?:morning|evening|night)s?\b|\bnot (?:the )?wrong number\b/;

const WHEN_WE_MEET = `(?:appointment|appt|meeting|session|call|phone call|visit|catch up|(?:our|the|my) (?:chat|call|meeting|session|appointment|appt)|(?:on )?${DAY}|tomorrow|today|tonight|next week|this week)`;
const ARRANGEMENT: readonly RegExp[] = [
  new RegExp(`\\b(?:cancel|rearrange|reschedule|postpone|move|put off)\\b(?: \\w+){0,3} ${WHEN_WE_MEET}\\b`),
  new RegExp(`\\b(?:can not|cannot|will not|wont|not going to|not gonna|unable to) (?:make|do|come to|get to)\\b(?: \\w+){0,2} ${WHEN_WE_MEET}\\b`),
  new RegExp(`\\b(?:running late|be late|going to be late) (?:for|to) ${WHEN_WE_MEET}\\b`),
];

// A postcode district, optionally with the rest of the postcode, after words that say it is theirs.
const GIVES_POSTCODE = /\b(?:i live in|i am in|we live in|i am based in|living in|my postcode is|postcode is|my postcode|postcode)\s+([a-z]{1,2}\d[a-z\d]?)(?:\s?\d[a-z]{2})?\b/;
const FORGET_AREA = /\b(?:forget|remove|delete) my (?:area|postcode)\b/;

// GP practice ODS codes: a letter, two letters or digits, three digits ("F85002", "Y00123").
const ODS_CODE = /^[a-z][a-z0-9]{2}\d{3}$/;

// Punctuation or a new line, then only the keyword: "I want to stop smoking" has no break before it.
const TRAILING_STOP = /(?:[,.;:!?\n-]|^)\s*(?:stop|stopall|stop all|unsubscribe|optout|opt out)[\s.!]*$/i;

const LINK_PHONE = /\b(?:link|connect|join|combine|merge|sync)\b(?: \w+){0,3} (?:phone|mobile|number|texts|sms|text messages)\b/;
const ALSO_TEXTS = /\bi (?:also|usually|normally) (?:text|sms|message) (?:you|lantern)\b/;
const LINK_PHONE_DENIED = /\b(?:cannot|can not|do not|never|not|no)\b/;
const PHONE_NUMBER = /(?:\+?44\s?|0)7(?:[\s-]?\d){9}/;

function findPhoneNumber(text: string): string | null {
  return PHONE_NUMBER.exec(text)?.[0] ?? null;
}

export const INTENT_RULES: readonly IntentRule[] = [
  plain('opt-out', 'a carrier opt-out keyword is the whole message; carriers act on it, so must we', [
    wholeMessage('(?:no (?:thanks |thank you )?)?(?:(?:stop ?)+|stop all|stopall|unsubscribe|cancel|end|quit|revoke|optout|opt out|stop (?:it|this|these|them))'),
  ]),
  plain('opt-in', 'a carrier opt-in keyword is the whole message (the dialog decides if it means anything)', [
    /^(?:start|yes|unstop)(?: please| thanks| thank you| ok)*$/,
  ]),
  plain('help', 'HELP or INFO, or asking who or what Lantern is', [
    wholeMessage('help|info|information|help me|what is this|what is this about|what is this for|who is this|what is lantern|what are you'),
    /\b(?:who are you|how does (?:this|it|lantern) work|what do you do|how did you get my (?:number|details)|who gave you my (?:number|details)|who is (?:texting|messaging) me|why are you (?:texting|messaging) me|(?:are you|is this|am i (?:talking|texting|speaking) (?:to|with)) (?:a |an )?(?:real person|person|human|bot|robot|computer|machine|automated|ai))\b/,
  ]),
  {
    intent: 'change-what-matters',
    why: 'a command to reword one item on their list: "change 2 to walking with my dog"',
    match: (m) => {
      const found = matchChange(m);
      return found ? { kind: 'change-what-matters', ...found } : null;
    },
  },
  {
    intent: 'remove-what-matters',
    why: 'a command to take one item off their list: "remove 2", "take off 1"',
    match: (m) => {
      const found = matchRemove(m);
      return found ? { kind: 'remove-what-matters', ...found } : null;
    },
  },
  {
    intent: 'add-what-matters',
    why: 'an explicit command to note something: "add: I love baking", "note that I play guitar"',
    match: (m) => {
      const found = matchAdd(m);
      return found ? { kind: 'add-what-matters', ...found } : null;
    },
  },
  plain('delete-my-data', 'asks for their record to be erased (the dialog confirms before anything is deleted)', [
    /\b(?:delete|erase|wipe|remove|destroy|get rid of|clear|scrub)\b(?: \w+){0,3} (?:data|details|info|information|records?|number|messages|history|account|everything|profile|file)\b/,
    /\b(?:data|details|info|information|records?|everything)\b(?: \w+){0,3} (?:deleted|erased|wiped|removed|destroyed)\b/,
    /^(?:please |can you |could you |just )*forget (?:about |all about )?(?:me|my details|everything (?:about me|you know|you have))\b/,
    /\b(?:delete|erase|wipe) me\b|\bright to (?:be forgotten|erasure)\b|\bwould like to be forgotten\b|\bclose my account\b/,
  ]),
  plain('send-my-data', 'asks for a copy of what Lantern holds about them', [
    /\b(?:send|give|email|post|show|want|get|have|request|see)\b(?: \w+){0,4} (?:my|all my|a copy of my|the) (?:data|information|info|personal data|details|records?|file)\b/,
    /\bwhat (?:data|information|info|personal data|details|records?)\b(?: \w+){0,3} (?:you|lantern)\b/,
    /\b(?:send|email|give|post) me (?:a copy of )?everything(?: you (?:have|hold|keep|know))?\b/,
    /\bsubject access\b|\bsar\b|\bcopy of (?:my|the|all) (?:data|information|records?|details)\b/,
    /\bcopy of (?:everything|all|what) (?:\w+ )?you (?:hold|have|keep|know)\b/,
  ]),
  {
    intent: 'practice-code',
    why: 'a practice\'s ODS code as the whole text ("F85002"): the practice told them to text it; checked against real practices later',
    match: ({ words }) => (ODS_CODE.test(words) ? { kind: 'practice-code', code: words.toUpperCase() } : null),
  },
  {
    intent: 'set-area',
    why: 'where they live, as a postcode ("I live in M9", "my postcode is M9 4AB"), or "forget my area": for matching groups nearby',
    match: ({ words }) => {
      if (FORGET_AREA.test(words)) return { kind: 'set-area', area: null };
      const found = GIVES_POSTCODE.exec(words);
      return found?.[1] ? { kind: 'set-area', area: found[1].toUpperCase() } : null;
    },
  },
  {
    intent: 'opt-out',
    why: 'a carrier keyword tacked on the end after a break ("can\'t do this any more. STOP"): still a request to stop',
    match: ({ light }) => (TRAILING_STOP.test(light) ? { kind: 'opt-out' } : null),
  },
  {
    intent: 'link-phone',
    why: 'joining web chat with the phone they text from: "link my phone", "I also text you on 07700 900123"',
    match: ({ words, light }) =>
      (LINK_PHONE.test(words) || ALSO_TEXTS.test(words)) && !LINK_PHONE_DENIED.test(words)
        ? { kind: 'link-phone', phone: findPhoneNumber(light) }
        : null,
  },
  {
    intent: 'set-rhythm',
    why: 'how often to hear from us: "every Monday", "once a month", "don\'t text unless I text you"',
    match: ({ words }) => {
      // "weekly but not on Fridays": the day they don't want is not the day they chose.
      const found = matchRhythm(withoutQuietDays(words));
      return found ? { kind: 'set-rhythm', ...found, quietDays: matchQuietDays(words)?.days ?? null } : null;
    },
  },
  {
    intent: 'set-quiet-days',
    why: 'days never to text first, before pause: "no texts at weekends", "don\'t message me on Sundays" (plural: every Sunday)',
    match: ({ words }) => {
      const found = matchQuietDays(words);
      return found ? { kind: 'set-quiet-days', days: found.days } : null;
    },
  },
  {
    intent: 'pause',
    why: 'a break, or quiet until a time: "can we stop for a bit", "don\'t text me till January"',
    match: ({ words, light }) => (wantsAPause(words) ? { kind: 'pause', when: findWhen(light) } : null),
  },
  plain('opt-out', 'a plain request to stop ALL texts (no time to come back, no other subject)', [
    new RegExp(`\\b(?:stop|quit|cease|end) (?:${CONTACT_VERB}\\w*|these|the (?:texts|messages))\\b`),
    /\b(?:unsubscribe|opt out|opt me out|optout|take me off (?:your|the|this)|remove me from (?:your|the|this)|take my number off)\b/,
    new RegExp(`\\b(?:do not|never|please do not) ${CONTACT_VERB}\\w* (?:me )?(?:again|any ?more|ever again|no more)\\b`),
    new RegExp(`^${OPENING}(?:do not|never) ${CONTACT_VERB}\\w* me(?: please| thanks| again| ever)*$`),
    /\bno more (?:texts|messages|text messages)\b|\bwrong number\b/,
    /\b(?:i do not|do not|i no longer|i would rather not) (?:want|get|have|receive)(?: to (?:get|receive|have))?(?: any)?(?: more| these| your| anymore| any more)* (?:texts|messages|text messages)\b/,
  ], OPT_OUT_IS_ONLY_A_COMPLAINT),
  {
    intent: 'ask-for-coach',
    why: 'asks for a person: "can I talk to a real person", "I want my coach", "can someone ring me"',
    match: ({ words, light }) =>
      wantsAPerson(words) ? { kind: 'ask-for-coach', differentCoach: DIFFERENT_COACH.test(words), reason: light } : null,
  },
  {
    intent: 'message-for-coach',
    why: 'about an arrangement with their coach ("need to cancel Thursday", "can\'t make our chat tomorrow"): passed on, never read as STOP',
    match: ({ words, light }) => (ARRANGEMENT.some((p) => p.test(words)) && !PAST_TENSE.test(words) ? { kind: 'message-for-coach', text: light } : null),
  },
  plain('resume', 'back from a pause: "I\'m back", "resume", "ready to chat again"', [
    /\b(?:resume|unpause|un pause|restart)\b/,
    /^(?:(?:hi|hello|hiya|hey|ok|right|well|yes|yay|good news) )*(?:i am |we are |i am now )?back\b(?! (?:at|in|to|on|into|with|off|under|round|out|of|up|down|is|was|has|hurts|pain|soon|later)\b)/,
    new RegExp(`^${OPENING}(?:i am |we are )?(?:ready|good to go|free|around|about|available|here) (?:again|now)\\b`),
    /\b(?:ready|happy|ok|good|fine|able) to (?:chat|talk|start|carry on|continue|go|restart|hear from you|get texts|get messages|pick (?:up|things up|it up)|get going|crack on|be in touch)(?: again)?\b/,
    new RegExp(`\\b(?:you can|ok to|feel free to|please|can you|start|carry on) ${CONTACT_VERB}\\w*(?: with)?(?: me)? again\\b`),
    /\b(?:can we|lets|let us|shall we|we can|i would like to|i want to) (?:start|carry on|continue|pick up|get going|chat|talk|get back)(?: \w+){0,2} again\b/,
    /\b(?:carry on|pick up where we left off|turn (?:it|texts|messages) back on)\b/,
    wholeMessage('start again|lets go|continue|lets start again|start texting me again'),
  ], NOT_READY),
  plain('list-what-matters', 'asks to see what Lantern has noted as mattering to them', [
    wholeMessage('(?:show (?:me )?|see |view |read |send (?:me )?|list |give me |tell me )?(?:my |the )?(?:list|what matters|what matters to me|what matters list|my what matters|what you have|what you know)(?: so far| list)?'),
    /\bwhat (?:do|did|have) you (?:know|have|got|remember|hold|written|noted|put down|got down|kept)(?: \w+){0,2} (?:about|on|for) me\b/,
    /\bwhat have (?:i|we) (?:told you|said|put down|written|shared|got down)\b/,
    /\bwhat is (?:on|in) (?:my|the) (?:what matters )?list\b/,
    /\b(?:show|see|read|view|send|remind|tell|look at)\b(?: \w+){0,2} (?:my list|what matters|what i told you|what you have (?:written|noted|got)|my what matters)\b/,
  ]),
  plain('wellbeing-questions', 'asks for the wellbeing questions or their scores (offered, never forced)', [
    /\b(?:well ?being|ons ?4|ons four|swemwbs|warwick edinburgh|mood)\b(?: \w+){0,2} (?:questions?|questionnaire|survey|scores?|check|quiz|test|form|scale|thing|stuff)\b/,
    wholeMessage('how am i doing(?: scores?| so far| overall| on the scores)?'),
    /\b(?:see|check|know|show me|tell me) how i am doing\b/,
    /\b(?:my|see my|check my|show me my) (?:wellbeing )?scores?\b/,
    /\b(?:do|take|fill in|fill out|answer|have a go at|redo|retake)\b(?: \w+){0,2} (?:the )?(?:wellbeing |ons |mood )?(?:questions|questionnaire|survey|quiz)\b/,
  ]),
  { intent: 'greeting', why: 'only a greeting', match: ({ words }) => (isGreeting(words) ? { kind: 'greeting' } : null) },
  { intent: 'thanks', why: 'only thanks', match: ({ words }) => (isThanks(words) ? { kind: 'thanks' } : null) },
  {
    intent: 'chat',
    why: 'anything else is a check-in, in the person\'s own words',
    match: ({ words, light }) => ({ kind: 'chat', whatMatters: findWhatMatters(words, light), score: findScore(words) }),
  },
];

const PAUSE_ALWAYS: readonly RegExp[] = [
  /\bpause\b|\bput (?:it|this|things|me|everything|the texts|the messages) on hold\b/,
  /\b(?:can|could|shall|should) we (?:stop|leave it|leave things|take a break|have a break|give it a rest|hold off|have a rest|park (?:it|this))(?=$| for| until| now| there| here| please| a bit| a while| texting| messaging| chatting| the (?:texts|messages|chats))/,
  /\b(?:need|want|like|take|have|having|taking|could do with|fancy)(?: to (?:take|have))? a (?:little |short |bit of a |wee |small |quick )?(?:break|breather|rest)\b/,
  /\b(?:need|want) (?:some )?(?:time off|a rest|some space|space)\b/,
  /\b(?:take|have|having|taking|need|want)(?: \w+)? (?:a |an |some |\d+ |one |two |a few |a couple of )?(?:weeks?|months?|days?|time|fortnight) (?:off|out)\b|\btime out\b/,
  /\bstop (?:for (?:a bit|a while|now|the moment|the time being|a few|a couple|\d+)|until\b)/,
  new RegExp(`\\b(?:stop|do not|no more|hold off) (?:\\w+ )?${CONTACT_VERB}\\w*(?: me)? (?:until|for a|for the|for now|over|during)\\b`),
  /\bgive me (?:a|an|\d+|one|two|three|four|a few|a couple of|some|another|few) (?:more )?(?:days?|weeks?|months?|fortnight|bit|while|time|space)\b/,
];

const PAUSE_UNTIL_A_TIME: readonly RegExp[] = [
  QUIET_PLEASE,
  /^(?:(?:maybe|probably|honestly|sorry|no|ok|please) )*(?:not|leave it|wait) (?:until|before)\b/,
  /^(?:(?:sorry|no|ok|honestly) )*not (?:this|today|tonight|now|right now|yet)\b/,
  /\b(?:leave it|leave things|wait|talk|speak|chat|catch up|get back to you|be in touch|touch base|pick (?:it|this) up|text me|message me|contact me|try me|try again|check in)(?: again)? (?:in|after|next|on|from|at the end of|over|until|around|this)\b/,
];

/** Away or back later, but only as news about the future: "I was in hospital for 2 weeks" is not a pause. */
const AWAY_UNTIL = /\b(?:on holidays?|away|abroad|in hospital|visiting|staying with|busy|off)\b.*\b(?:until|for|back on|back in|back after|back next|over)\b|\b(?:be back|back) (?:in|after|on|next|from|at the end of|around|by)\b/;

/** "after the funeral", "until my op": not a date, but still a time to come back. */
const UNTIL_AN_EVENT = /\b(?:until|after) (?:the|my|her|his|our|i|we|they)\b/;

function wantsAPause(words: string): boolean {
  if (PAUSE_ALWAYS.some((p) => p.test(words))) return true;
  if (!mentionsTime(words) && !UNTIL_AN_EVENT.test(words)) return false;
  return PAUSE_UNTIL_A_TIME.some((p) => p.test(words)) || (AWAY_UNTIL.test(words) && !PAST_TENSE.test(words));
}

const REQUESTING = /^(?:talk|speak|chat)\b|\b(?:can|could|may|want|need|like|wanna|please|let me|get|is there|would|ready to|rather|prefer|how do i|how can i|any chance|possible)\b/;
const PEOPLE_TO_TALK_TO =
  /\b(?:talk|speak|chat) (?:to|with) (?:a |an |the |my |your |another |some )?(?:real |actual |proper |live |human )?(?:person|human|someone|somebody|anyone|anybody|people|coach|link worker|worker|member of staff|staff|advisor|adviser|social prescriber|different (?:person|coach|one)|new coach)\b/;

const ASKING_FOR_A_PERSON: readonly RegExp[] = [
  /\b(?:need|want|would like) (?:someone|somebody|a person|a human) to (?:talk|speak) to\b/,
  /\b(?:want|need|like|prefer|rather|speak to|talk to|get|have|see|contact|message|tell|ask|pass (?:this|it|that|this message)(?: on)? to|put me through to|where is|can|could|is)\b(?: \w+){0,2} (?:my|a|the|your|another|different|new|other) (?:coach|link worker|social prescriber)\b/,
  /\b(?:can|could|would|will|please) (?:you|someone|somebody|anyone|one of you|my coach|the coach|a coach|they|she|he)\b(?: \w+){0,3} (?:ring|call|phone|give me a (?:ring|call|bell|buzz))\b/,
  /\b(?:put|transfer|connect|pass) me (?:through |over |on )?(?:to|with) (?:a |an |the |my )?(?:person|human|someone|somebody|coach|link worker|staff)\b/,
  /^(?:please )?(?:ring|call|phone) me\b|\b(?:ring|call|phone) me (?:back|please|when|today|tomorrow|asap)\b/,
  /\b(?:can|could) i (?:have|get|book|arrange|ring|call|phone|speak)\b(?: \w+){0,2} (?:call|phone call|ring|chat|appointment|meeting|you|someone|somebody|anyone)\b/,
  /\bis (?:there|anyone|anybody|someone|somebody) (?:a |an )?(?:human|real|person|people|there|available|around|in)\b/,
  /\bis there (?:someone|anyone|somebody|anybody|a person) (?:i|we) (?:can|could) (?:talk|speak|chat)\b/,
  /\b(?:real|actual|proper|live) (?:person|human|people)\b/,
  /\bget me (?:a |an |the |my )?(?:human|person|real person|someone|somebody|coach)\b/,
  wholeMessage('(?:a |an )?(?:human|person|real person|coach|my coach|agent|operator|someone|somebody|advisor)'),
];

const DIFFERENT_COACH =
  /\b(?:different|another|new|other|change|changing|swap|switch)\b(?: \w+){0,2} (?:coach(?:es)?|person|worker|someone|somebody|one|link worker)\b|\b(?:someone|somebody|anyone|anybody) else\b|\bnot (?:him|her|them|\w+) again\b|\bsomeone other than\b|\b(?:do not|cannot) get on with (?:my|the) coach\b/;

function wantsAPerson(words: string): boolean {
  return (PEOPLE_TO_TALK_TO.test(words) && REQUESTING.test(words)) || ASKING_FOR_A_PERSON.some((p) => p.test(words));
}
