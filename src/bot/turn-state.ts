import type { TurnContext } from 'botbuilder';
import type { Intent } from '../understanding/intents';
import type { Person } from '../db/client';

// What the bot works out once per turn and the dialogs read: who is talking and what they mean.

const PERSON = Symbol('lantern.person');
const INTENT = Symbol('lantern.intent');

export function setTurnPerson(context: TurnContext, person: Person): void {
  context.turnState.set(PERSON, person);
}

export function turnPerson(context: TurnContext): Person {
  const person = context.turnState.get(PERSON) as Person | undefined;
  if (!person) throw new Error('No person on this turn: LanternBot sets it before any dialog runs');
  return person;
}

export function setTurnIntent(context: TurnContext, intent: Intent): void {
  context.turnState.set(INTENT, intent);
}

export function turnIntent(context: TurnContext): Intent {
  return (context.turnState.get(INTENT) as Intent | undefined) ?? { kind: 'chat', whatMatters: null, score: null };
}
