import type { ConnectionStatus, Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { scheduleFollowUp } from './follow-up';

/**
 * A coach connects a person with an asset (usually from something that matters to them), and
 * later records how it went. Person, asset and item must all be the organisation's.
 */
export async function recordConnection(db: Db, options: { organisationId: string; personId: string; assetId: string; whatMattersId?: string | null; status?: ConnectionStatus; staffId: string | null; now: Date }) {
  const [person, asset, item] = await Promise.all([
    db.person.findFirst({ where: { id: options.personId, organisationId: options.organisationId }, select: { id: true } }),
    db.communityAsset.findFirst({ where: { id: options.assetId, organisationId: options.organisationId }, select: { id: true } }),
    options.whatMattersId ? db.whatMattersItem.findFirst({ where: { id: options.whatMattersId, personId: options.personId }, select: { id: true } }) : null,
  ]);
  if (!person) throw new AppError('not-found', 'No such person');
  if (!asset) throw new AppError('not-found', 'No such community asset in your organisation');
  if (options.whatMattersId && !item) throw new AppError('not-found', 'No such item on their list');
  const connection = await db.connection.create({
    data: { personId: person.id, assetId: asset.id, whatMattersId: item?.id ?? null, status: options.status ?? 'SUGGESTED', createdById: options.staffId, createdAt: options.now },
  });
  // A week or so on, the bot asks once how it went.
  await scheduleFollowUp(db, person.id);
  return connection;
}

export async function updateConnection(db: Db, options: { organisationId: string; personId: string; connectionId: string; status: ConnectionStatus }) {
  const { count } = await db.connection.updateMany({
    where: { id: options.connectionId, personId: options.personId, person: { organisationId: options.organisationId } },
    data: { status: options.status },
  });
  if (count === 0) throw new AppError('not-found', 'No such connection for this person');
  // Settled by the coach ("stuck with it"): the bot need not ask about it.
  await scheduleFollowUp(db, options.personId);
}
