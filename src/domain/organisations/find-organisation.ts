import type { Db, Organisation } from '../../db/client';
import { AppError } from '../../lib/errors';

/** By id, or by exact name (for the admin CLI, where people type names). */
export async function findOrganisation(db: Db, idOrName: string): Promise<Organisation> {
  const byId = await db.organisation.findUnique({ where: { id: idOrName } });
  if (byId) return byId;
  const byName = await db.organisation.findMany({ where: { name: idOrName }, take: 2 });
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1) throw new AppError('conflict', `More than one organisation is called "${idOrName}"; use its id`);
  throw new AppError('not-found', `No organisation "${idOrName}"`);
}
