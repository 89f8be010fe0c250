import type { Channel, Db, Person } from '../../db/client';
import { normalisePhone } from '../../lib/phone';

export interface FindOrCreatePersonByAddressOptions {
  organisationId: string;
  channel: Channel;
  /** A phone number for SMS; the channel's user id otherwise. */
  address: string;
}

/**
 * The person behind a channel address, creating them (and their conversation) on first contact.
 * Safe to call twice at once for the same address: the unique address decides the winner.
 */
export async function findOrCreatePersonByAddress(
  db: Db,
  options: FindOrCreatePersonByAddressOptions,
): Promise<{ person: Person; isNew: boolean }> {
  const address = options.channel === 'SMS' ? (normalisePhone(options.address) ?? options.address) : options.address;
  const existing = await db.channelAddress.findUnique({ where: { channel_address: { channel: options.channel, address } }, include: { person: true } });
  if (existing) return { person: existing.person, isNew: false };
  try {
    const person = await db.$transaction(async (tx) => {
      const created = await tx.person.create({
        data: { organisationId: options.organisationId, phone: options.channel === 'SMS' ? address : null, lastChannel: options.channel },
      });
      await tx.conversation.create({ data: { organisationId: options.organisationId, personId: created.id } });
      await tx.channelAddress.create({ data: { personId: created.id, channel: options.channel, address } });
      return created;
    });
    return { person, isNew: true };
  } catch (error) {
    const raced = await db.channelAddress.findUnique({ where: { channel_address: { channel: options.channel, address } }, include: { person: true } });
    if (raced) return { person: raced.person, isNew: false };
    throw error;
  }
}
