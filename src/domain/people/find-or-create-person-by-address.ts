import type { Channel, Conversation, Db, Person } from '../../db/client';
import { normalisePhone } from '../../lib/phone';
import { organisationForInbound } from '../organisations/organisation-for-inbound';

export interface FindOrCreatePersonByAddressOptions {
  channel: Channel;
  /** A phone number for SMS; the channel's user id otherwise. */
  address: string;
  /** The number the person texted, which decides a new person's organisation. */
  calledNumber?: string;
  /** A practice's own link: a new person is the practice's, in its organisation. */
  practiceId?: string;
}

export type PersonWithConversation = Person & { conversation: Conversation };

/**
 * The person behind a channel address and their conversation, creating both on first contact.
 * Safe to call twice at once for the same address: the unique address decides the winner.
 * Runs on every inbound turn, so a known person costs one query.
 */
export async function findOrCreatePersonByAddress(
  db: Db,
  options: FindOrCreatePersonByAddressOptions,
): Promise<{ person: PersonWithConversation; isNew: boolean }> {
  const address = addressKey(options.channel, options.address);
  const existing = await findByAddress(db, options.channel, address);
  if (existing) return { person: existing, isNew: false };
  const practice = options.practiceId ? await db.practice.findUnique({ where: { id: options.practiceId } }) : null;
  const organisationId = practice?.organisationId ?? (await organisationForInbound(db, options.calledNumber)).id;
  try {
    const person = await db.$transaction(async (tx) => {
      const created = await tx.person.create({
        data: { organisationId, practiceId: practice?.id ?? null, phone: options.channel === 'SMS' ? address : null, lastChannel: options.channel },
      });
      const conversation = await tx.conversation.create({ data: { organisationId, personId: created.id } });
      await tx.channelAddress.create({ data: { personId: created.id, channel: options.channel, address } });
      return { ...created, conversation };
    });
    return { person, isNew: true };
  } catch (error) {
    const raced = await findByAddress(db, options.channel, address);
    if (raced) return { person: raced, isNew: false };
    throw error;
  }
}

/** An address as stored: phone numbers in E.164, anything else as given. */
export function addressKey(channel: Channel, address: string): string {
  return channel === 'SMS' ? (normalisePhone(address) ?? address) : address;
}

async function findByAddress(db: Db, channel: Channel, address: string): Promise<PersonWithConversation | null> {
  const found = await db.channelAddress.findUnique({
    where: { channel_address: { channel, address } },
    include: { person: { include: { conversation: true } } },
  });
  const conversation = found?.person.conversation;
  return found && conversation ? { ...found.person, conversation } : null;
}
