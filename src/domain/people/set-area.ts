import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { normaliseArea } from '../assets/areas';

/** The person's area (a postcode district or neighbourhood), which they chose to give; null forgets it. */
export async function setPersonArea(db: Db, options: { organisationId: string; personId: string; area: string | null }): Promise<string | null> {
  const area = options.area === null || options.area.trim() === '' ? null : normaliseArea(options.area);
  if (options.area !== null && options.area.trim() !== '' && !area) throw new AppError('bad-request', `area: "${options.area}" is not a postcode district (like M9) or a neighbourhood name`);
  const { count } = await db.person.updateMany({ where: { id: options.personId, organisationId: options.organisationId }, data: { area: area?.area ?? null } });
  if (count === 0) throw new AppError('not-found', 'No such person');
  return area?.area ?? null;
}
