import type { Channel, Db, Person } from '../../db/client';
import { AppError } from '../../lib/errors';
import { normalisePhone } from '../../lib/phone';

export interface CreatePersonOptions {
  organisationId: string;
  /** Any format a person or practice might type; stored as E.164. */
  phone?: string;
  preferredName?: string;
  practiceId?: string;
  timeZone?: string;
  /** How they first reached Lantern. */
  channel?: Channel;
}

/** A person and their one continuing conversation, created together. */
export async function createPerson(db: Db, options: CreatePersonOptions): Promise<Person> {
  const phone = options.phone === undefined ? null : normalisePhone(options.phone);
  if (options.phone !== undefined && !phone) throw new AppError('bad-request', 'That is not a phone number we can text');
  return db.$transaction(async (tx) => {
    const person = await tx.person.create({
      data: {
        organisationId: options.organisationId,
        phone,
        preferredName: options.preferredName?.trim() || null,
        practiceId: options.practiceId ?? null,
        timeZone: options.timeZone,
        lastChannel: options.channel ?? null,
      },
    });
    await tx.conversation.create({ data: { organisationId: options.organisationId, personId: person.id } });
    if (phone) {
      await tx.channelAddress.create({ data: { personId: person.id, channel: 'SMS', address: phone } });
    }
    return person;
  });
}
