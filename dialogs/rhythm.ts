import type { TurnContext } from 'botbuilder';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { turnPerson } from '../src/bot/turn-state';
import type { CheckInRhythm } from '../src/db/client';
import { resumeSupport, setCheckInRhythm, setQuietDays } from '../src/domain/schedules/pause-support';
import { messages } from './messages';

// The rhythm of support, set by the person: resume, and how often Lantern writes first (pausing is PauseDialog).

export async function resume(context: TurnContext, deps: BotDependencies) {
  const { wasPaused } = await resumeSupport(deps.db, { personId: turnPerson(context).id, clock: deps.clock });
  await context.sendActivity(wasPaused ? messages.resumed() : messages.notPaused());
}

const RHYTHMS: Record<string, CheckInRhythm> = {
  weekly: 'WEEKLY',
  fortnightly: 'FORTNIGHTLY',
  monthly: 'MONTHLY',
  'only-when-i-write': 'ONLY_WHEN_I_WRITE',
};

export async function setRhythm(context: TurnContext, deps: BotDependencies, rhythm: string, day: number | null, quietDays: number[] | null = null) {
  const chosen = RHYTHMS[rhythm] ?? 'ONLY_WHEN_I_WRITE';
  const personId = turnPerson(context).id;
  await setCheckInRhythm(deps.db, { personId, rhythm: chosen, day, clock: deps.clock });
  if (quietDays) await setQuietDays(deps.db, { personId, days: quietDays });
  await context.sendActivity(messages.rhythmSet(chosen, day, quietDays));
}

/** "No texts at the weekend": those days are kept free of anything Lantern would send first. */
export async function chooseQuietDays(context: TurnContext, deps: BotDependencies, days: number[]) {
  await setQuietDays(deps.db, { personId: turnPerson(context).id, days });
  await context.sendActivity(messages.quietDaysSet(days));
}
