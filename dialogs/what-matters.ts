import type { TurnContext } from 'botbuilder';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { turnPerson } from '../src/bot/turn-state';
import type { WhatMattersCategory } from '../src/db/client';
import { addWhatMatters, changeWhatMatters, listWhatMatters, removeWhatMatters } from '../src/domain/what-matters/what-matters';
import { messages } from './messages';

// "What matters" by message: noticing it, listing it, changing and removing items. Each is a
// single turn, so none needs a dialog of its own.

export async function noteWhatMatters(context: TurnContext, deps: BotDependencies, mention: { category: WhatMattersCategory; text: string }) {
  await addWhatMatters(deps.db, { personId: turnPerson(context).id, category: mention.category, text: mention.text });
  await context.sendActivity(messages.whatMattersNoted(mention.text));
}

export async function showWhatMatters(context: TurnContext, deps: BotDependencies) {
  const items = await listWhatMatters(deps.db, turnPerson(context).id);
  await context.sendActivity(messages.whatMattersList(items.map((item) => item.text)));
}

export async function changeWhatMattersItem(context: TurnContext, deps: BotDependencies, number: number, text: string) {
  const personId = turnPerson(context).id;
  const changed = await changeWhatMatters(deps.db, { personId, number, text });
  await context.sendActivity(changed ? messages.whatMattersChanged(number, text) : await noSuchNumber(deps, personId, number));
}

export async function removeWhatMattersItem(context: TurnContext, deps: BotDependencies, number: number) {
  const personId = turnPerson(context).id;
  const removed = await removeWhatMatters(deps.db, { personId, number });
  await context.sendActivity(removed ? messages.whatMattersRemoved(number) : await noSuchNumber(deps, personId, number));
}

async function noSuchNumber(deps: BotDependencies, personId: string, number: number) {
  return messages.whatMattersNoSuchNumber(number, (await listWhatMatters(deps.db, personId)).length);
}
