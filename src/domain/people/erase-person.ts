import type { Db } from '../../db/client';
import { asDurable } from '../../db/durability';
import { AppError } from '../../lib/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';

export interface ErasePersonOptions {
  personId: string;
  actor: AuditActor;
}

/**
 * Erases a person: their record, messages, what-matters items, check-ins, notes, referrals and
 * scheduled jobs (the schema cascades from Person). What remains is one audit event holding
 * the person's id and how much was erased, never content.
 */
export async function erasePerson(db: Db, options: ErasePersonOptions): Promise<void> {
  // Durable even from a replayable SMS turn: the goodbye that follows is sent unrecorded, at once.
  await asDurable(() => db.$transaction(async (tx) => {
    const person = await tx.person.findUnique({
      where: { id: options.personId },
      include: { _count: { select: { messages: true, whatMatters: true, notes: true, checkIns: true } } },
    });
    if (!person) throw new AppError('not-found', 'No such person');
    // Referrals sent before the person engaged hold their number but no link to them yet.
    if (person.phone) {
      await tx.referral.deleteMany({ where: { organisationId: person.organisationId, phone: person.phone } });
    }
    await tx.person.delete({ where: { id: person.id } });
    await recordAuditEvent(tx, {
      organisationId: person.organisationId,
      actor: options.actor,
      action: 'person.erased',
      personId: person.id,
      detail: {
        messages: person._count.messages,
        whatMatters: person._count.whatMatters,
        notes: person._count.notes,
        checkIns: person._count.checkIns,
      },
    });
  }));
}
