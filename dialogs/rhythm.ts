import type { TurnContext } from 'botbuilder';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { turnPerson } from '../src/bot/turn-state';
import type { CheckInRhythm } from '../src/db/client';
import { resumeSupport, setCheckInRhythm } from '../src/domain/schedules/pause-support';
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

export async function setRhythm(context: TurnContext, deps: BotDependencies, rhythm: string, day: number | null) {
  const chosen = RHYTHMS[rhythm] ?? 'ONLY_WHEN_I_WRITE';
  await setCheckInRhythm(deps.db, { personId: turnPerson(context).id, rhythm: chosen, day, clock: deps.clock });
  await context.sendActivity(messages.rhythmSet(chosen, day));
}
