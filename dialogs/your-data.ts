import type { TurnContext } from 'botbuilder';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { turnPerson } from '../src/bot/turn-state';
import { listWhatMatters } from '../src/domain/what-matters/what-matters';
import { messages } from './messages';

/** "send me my data": a short summary of everything Lantern keeps about them, by text. */
export async function sendMyData(context: TurnContext, deps: BotDependencies) {
  const person = turnPerson(context);
  const [messageCount, checkIns, items] = await Promise.all([
    deps.db.message.count({ where: { personId: person.id } }),
    deps.db.checkIn.count({ where: { personId: person.id } }),
    listWhatMatters(deps.db, person.id),
  ]);
  await context.sendActivity(messages.dataSummary({ messages: messageCount, checkIns, whatMatters: items.map((item) => item.text), name: person.preferredName }));
}
