import type { TurnContext } from 'botbuilder';
import type { Intent } from '../understanding/intents';
import type { PersonWithConversation } from '../domain/people/find-or-create-person-by-address';

// What the bot works out once per turn and the dialogs read: who is talking and what they mean.

const PERSON = Symbol('lantern.person');
const INTENT = Symbol('lantern.intent');

export function setTurnPerson(context: TurnContext, person: PersonWithConversation): void {
  context.turnState.set(PERSON, person);
}

/** The person, if whoever started the turn already loaded them (the turn runner does). */
export function turnPersonIfKnown(context: TurnContext): PersonWithConversation | undefined {
  return context.turnState.get(PERSON) as PersonWithConversation | undefined;
}

export function turnPerson(context: TurnContext): PersonWithConversation {
  const person = turnPersonIfKnown(context);
  if (!person) throw new Error('No person on this turn: LanternBot sets it before any dialog runs');
  return person;
}

export function setTurnIntent(context: TurnContext, intent: Intent): void {
  context.turnState.set(INTENT, intent);
}

export function turnIntent(context: TurnContext): Intent {
  return (context.turnState.get(INTENT) as Intent | undefined) ?? { kind: 'chat', whatMatters: null, score: null };
}
