import type { ConversationReference } from 'botbuilder';
import type { Channel, Db, DbTransaction, Message } from '../db/client';
import { AppError } from '../lib/errors';
import type { BotLogic, LanternAdapter, Sender } from './lantern-adapter';
import { storedReference } from './turn-runner';

export interface SendToPerson {
  personId: string;
  text: string;
  sender: Sender;
  /** Runs in the transaction that stores the message; false means "already done, send nothing". */
  guard?: (tx: DbTransaction) => Promise<boolean>;
  /** This channel rather than the one they used last (a referral goes to the number given). */
  channel?: Channel;
}

/** The state a coach's side of the handoff reports to the bot (the Bot Framework `handoff.status` values). */
export type HandoffStatus = 'accepted' | 'completed';

interface RuntimeParts {
  db: Db;
  adapter: LanternAdapter;
}

/** The stored reference of the channel the person used last: where anything sent first goes. */
async function referenceForPerson(db: Db, personId: string, channel?: Channel): Promise<Partial<ConversationReference>> {
  const person = await db.person.findUnique({
    where: { id: personId },
    include: { addresses: { orderBy: { lastSeenAt: 'desc' } } },
  });
  if (!person) throw new AppError('not-found', 'No such person');
  if (person.optedOutAt) throw new AppError('conflict', 'This person has asked Lantern not to message them.');
  const address = channel
    ? person.addresses.find((a) => a.channel === channel)
    : (person.addresses.find((a) => a.channel === person.lastChannel) ?? person.addresses[0]);
  if (!address) throw new AppError('conflict', 'There is no way to reach this person yet.');
  return storedReference(address.channel, address.address, address.reference);
}

/**
 * Writes to a person first (a coach's reply, a resumption), on the channel they used last,
 * through the adapter with the conversation reference stored from their own messages.
 */
export async function sendToPerson(deps: RuntimeParts, send: SendToPerson): Promise<Message[]> {
  const reference = await referenceForPerson(deps.db, send.personId, send.channel);
  const outcome = await deps.adapter.continueAs(send.sender, reference, async (context) => {
    await context.sendActivity(send.text);
  }, send.guard);
  if (outcome.outcome === 'already-answered') return [];
  if (outcome.outcome !== 'committed') throw new AppError('not-found', 'No such person');
  return outcome.messages;
}

/**
 * The inbox's side of the Bot Framework handoff protocol: a coach accepting the conversation or
 * handing it back reaches the bot as a `handoff.status` event, and the bot decides what the
 * person hears. Someone who opted out is not told.
 */
export async function reportHandoffStatus(deps: RuntimeParts & { logic: BotLogic }, options: { personId: string; state: HandoffStatus }): Promise<Message[]> {
  let reference: Partial<ConversationReference>;
  try {
    reference = await referenceForPerson(deps.db, options.personId);
  } catch (error) {
    if (error instanceof AppError && error.kind === 'conflict') return [];
    throw error;
  }
  const outcome = await deps.adapter.continueAs({ author: 'BOT' }, reference, deps.logic, undefined, { name: 'handoff.status', value: { state: options.state } });
  return outcome.outcome === 'committed' ? outcome.messages : [];
}
