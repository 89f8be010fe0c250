import type { TurnContext } from 'botbuilder';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { turnPerson } from '../src/bot/turn-state';
import { recordCheckIn } from '../src/domain/check-ins/record-check-in';
import type { Intent } from '../src/understanding/intents';
import { messages } from './messages';
import type { LanternProfile } from './profile';
import { noteWhatMatters } from './what-matters';

type ChatIntent = Extract<Intent, { kind: 'chat' }>;

const DAY = 86_400_000;
// An open question now and then, never every time: the person leads, the bot doesn't interview.
const OPEN_QUESTION_EVERY = 4;
const OPEN_QUESTION_GAP_DAYS = 3;

const LOW = /\b(tired|exhausted|rough|awful|terrible|lonely|alone|sad|low|down|bad|struggling|stressed|worried|anxious|rubbish|crap|fed up|not great|not good|meh|hard)\b/;
const GOOD = /\b(good|great|better|lovely|happy|fine|brilliant|grand|alright|ok|okay|not bad|decent|smashing)\b/;

/** Whatever the person writes is a check-in on their terms: noted in their words, reflected back. */
export async function respondToCheckIn(context: TurnContext, deps: BotDependencies, profile: LanternProfile, text: string, intent: ChatIntent) {
  const person = turnPerson(context);
  await recordCheckIn(deps.db, { personId: person.id, words: text, score: intent.score });
  profile.checkIns = (profile.checkIns ?? 0) + 1;

  if (intent.whatMatters) {
    await noteWhatMatters(context, deps, intent.whatMatters);
  } else if (intent.score !== null) {
    await context.sendActivity(messages.checkInScoreNoted(intent.score));
  } else {
    await context.sendActivity(reflect(text));
  }
  if (shouldAskOpenQuestion(profile, deps.clock.now())) {
    profile.lastOpenQuestionAt = deps.clock.now().toISOString();
    profile.openQuestionsAsked = (profile.openQuestionsAsked ?? 0) + 1;
    await context.sendActivity(messages.openQuestion(profile.openQuestionsAsked - 1));
  }
}

function reflect(text: string): string {
  const lower = text.toLowerCase();
  if (/\bnot (too |that |so )?(good|great)\b/.test(lower) || LOW.test(lower)) return messages.checkInHard();
  if (GOOD.test(lower)) return messages.checkInGood();
  return messages.checkInThanks();
}

function shouldAskOpenQuestion(profile: LanternProfile, now: Date): boolean {
  if ((profile.checkIns ?? 0) % OPEN_QUESTION_EVERY !== 0) return false;
  const last = profile.lastOpenQuestionAt ? Date.parse(profile.lastOpenQuestionAt) : 0;
  return now.getTime() - last >= OPEN_QUESTION_GAP_DAYS * DAY;
}
