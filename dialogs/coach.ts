import { ActivityTypes, EventFactory, type TurnContext } from 'botbuilder';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { turnPerson } from '../src/bot/turn-state';
import { whenCoachLikelyReplies } from '../src/domain/handoff/coach-reply-time';
import { listWhatMatters } from '../src/domain/what-matters/what-matters';
import { messages } from './messages';

export interface HandoffContext {
  reason: string;
  summary: string;
  differentCoach: boolean;
}

/**
 * Asks for a coach with the Bot Framework handoff protocol: a `handoff.initiate` event carrying a
 * short summary. HandoffMiddleware turns the event into the Waiting queue entry; channels never
 * deliver events to the person.
 */
export async function askForCoach(context: TurnContext, deps: BotDependencies, request: { reason: string; differentCoach: boolean; passingOn?: boolean }) {
  // LanternBot only runs dialogs while the bot holds the conversation, so no one here is already waiting.
  const person = turnPerson(context);
  const handoff: HandoffContext = { reason: request.reason, summary: await summaryForCoach(deps, person), differentCoach: request.differentCoach };
  await context.sendActivity(EventFactory.createHandoffInitiation(context, handoff));
  const when = whenCoachLikelyReplies(deps.clock.now(), deps.officeHours, person.timeZone || deps.timeZone);
  await context.sendActivity(request.passingOn ? messages.passedToCoach(when) : messages.coachRequested(when));
}

async function summaryForCoach(deps: BotDependencies, person: { id: string; conversation: { id: string } }): Promise<string> {
  const items = await listWhatMatters(deps.db, person.id);
  // By the conversation's own numbering, which its index serves; there is no index by person.
  const recent = await deps.db.message.findMany({ where: { conversationId: person.conversation.id }, orderBy: { seq: 'desc' }, take: 5 });
  const lines = [
    items.length ? `What matters: ${items.map((item) => item.text).join('; ')}` : 'What matters: nothing noted yet',
    ...recent.reverse().map((message) => `${message.author === 'PERSON' ? 'Them' : message.author === 'BOT' ? 'Lantern' : 'Coach'}: ${message.body.slice(0, 200)}`),
  ];
  return lines.join('\n');
}

export function isHandoffInitiation(activity: { type?: string; name?: string }): boolean {
  return activity.type === ActivityTypes.Event && activity.name === 'handoff.initiate';
}
