import type { Db, Organisation } from '../../db/client';
import { AppError } from '../../lib/errors';

/**
 * Which organisation a new person belongs to: the one that owns the number they texted, else
 * the first organisation created (a single-organisation install needs no number set).
 */
export async function organisationForInbound(db: Db, calledNumber?: string): Promise<Organisation> {
  if (calledNumber) {
    const owner = await db.organisation.findUnique({ where: { smsNumber: calledNumber } });
    if (owner) return owner;
  }
  const first = await db.organisation.findFirst({ orderBy: { createdAt: 'asc' } });
  if (!first) throw new AppError('unavailable', 'No organisation is set up yet: run npm run lantern -- org:create');
  return first;
}
