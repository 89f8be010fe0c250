import type { Db, DbTransaction, Message } from '../db/client';
import { AppError } from '../lib/errors';
import type { LanternAdapter, Sender } from './lantern-adapter';
import { storedReference } from './turn-runner';

export interface SendToPerson {
  personId: string;
  text: string;
  sender: Sender;
  /** Runs in the transaction that stores the message; false means "already done, send nothing". */
  guard?: (tx: DbTransaction) => Promise<boolean>;
}

/**
 * Writes to a person first (a coach's reply, a resumption), on the channel they used last,
 * through the adapter with the conversation reference stored from their own messages.
 */
export async function sendToPerson(deps: { db: Db; adapter: LanternAdapter }, send: SendToPerson): Promise<Message[]> {
  const person = await deps.db.person.findUnique({
    where: { id: send.personId },
    include: { addresses: { orderBy: { lastSeenAt: 'desc' } } },
  });
  if (!person) throw new AppError('not-found', 'No such person');
  if (person.optedOutAt) throw new AppError('conflict', 'This person has asked Lantern not to message them.');
  const address = person.addresses.find((a) => a.channel === person.lastChannel) ?? person.addresses[0];
  if (!address) throw new AppError('conflict', 'There is no way to reach this person yet.');
  const reference = storedReference(address.channel, address.address, address.reference);
  const outcome = await deps.adapter.continueAs(send.sender, reference, async (context) => {
    await context.sendActivity(send.text);
  }, send.guard);
  if (outcome.outcome === 'already-answered') return [];
  if (outcome.outcome !== 'committed') throw new AppError('not-found', 'No such person');
  return outcome.messages;
}
