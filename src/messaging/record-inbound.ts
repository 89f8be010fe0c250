import type { Channel, Db, DbTransaction, Message } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { addressKey, findOrCreatePersonByAddress, type PersonWithConversation } from '../domain/people/find-or-create-person-by-address';
import type { Clock } from '../lib/clock';
import { appendMessage } from './timeline';

// Longer than any text (Twilio joins at most 1,600 characters) or chat message we accept.
export const MAX_INBOUND_LENGTH = 5000;

export interface InboundMessage {
  channel: Channel;
  /** The person's phone number, web chat visitor id or Azure user id. */
  address: string;
  /** For SMS, the Lantern number texted: it decides a new person's organisation. */
  calledNumber?: string;
  /**
   * The channel's own id for this message (Twilio's MessageSid, web chat's client activity id).
   * Storing it is what makes a repeated delivery harmless.
   */
  providerMessageId: string;
  body: string;
  /** How to write back on this channel: a Bot Framework conversation reference, as JSON. */
  reference: string;
  /** Set when the channel already dealt with it (a carrier STOP), so no bot turn is owed. */
  handled?: boolean;
  /** A practice's own link started this: a new person belongs to the practice (and its organisation). */
  practiceId?: string;
}

export type RecordedInbound =
  | { duplicate: false; message: Message; person: PersonWithConversation }
  | { duplicate: true; message: Message };

/**
 * Stores an inbound message durably, before the channel acknowledges it, with status RECEIVED
 * until the bot has answered. A message already stored under the same provider id (a webhook
 * retry, two copies at once) is reported as a duplicate and stored no second time.
 */
export async function recordInbound(
  db: Db,
  inbound: InboundMessage,
  clock: Clock,
  /** More writes that stand or fall with storing the message (not run for a duplicate). */
  alsoInTransaction?: (tx: DbTransaction) => Promise<unknown>,
): Promise<RecordedInbound> {
  // No lookup first: a repeat is rare, and the unique MessageSid turns it away below.
  const { person } = await findOrCreatePersonByAddress(db, inbound);
  const now = clock.now();
  try {
    const message = await db.$transaction(async (tx) => {
      // A coach holding the conversation now owes a reply; they wrote, so texts reach them again.
      const conversation = person.conversation;
      const stored = await appendMessage(tx, {
        conversationId: person.conversation.id,
        personId: person.id,
        direction: 'INBOUND',
        channel: inbound.channel,
        author: 'PERSON',
        body: inbound.body.slice(0, MAX_INBOUND_LENGTH),
        status: inbound.handled ? 'HANDLED' : 'RECEIVED',
        providerMessageId: inbound.providerMessageId,
        at: now,
      }, {
        deliveryFailedAt: null,
        ...(conversation.handoffState === 'WITH_COACH' && !conversation.awaitingReplySince ? { awaitingReplySince: now } : {}),
      });
      await tx.channelAddress.updateMany({
        where: { personId: person.id, channel: inbound.channel, address: addressKey(inbound.channel, inbound.address) },
        data: { lastSeenAt: now, reference: inbound.reference },
      });
      if (person.lastChannel !== inbound.channel) await tx.person.update({ where: { id: person.id }, data: { lastChannel: inbound.channel } });
      // The person answering a practice's invitation, by text or in web chat: the referral's progress.
      // Only a practice's people can have a referral, so everyone else skips the write.
      if (!inbound.handled && person.practiceId) await tx.referral.updateMany({ where: { personId: person.id, repliedAt: null }, data: { repliedAt: now } });
      await alsoInTransaction?.(tx);
      return stored;
    });
    return { duplicate: false, message, person };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const raced = await db.message.findUnique({ where: { providerMessageId: inbound.providerMessageId } });
    if (raced) return { duplicate: true, message: raced };
    throw error;
  }
}
