import type { Db, Organisation } from '../../db/client';
import { AppError } from '../../lib/errors';
import { normalisePhone } from '../../lib/phone';

export interface CreateOrganisationOptions {
  name: string;
  /** The Twilio number people text to reach this organisation. */
  smsNumber?: string;
}

export async function createOrganisation(db: Db, options: CreateOrganisationOptions): Promise<Organisation> {
  const name = options.name.trim();
  if (!name) throw new AppError('bad-request', 'An organisation needs a name');
  const smsNumber = options.smsNumber === undefined ? null : normalisePhone(options.smsNumber);
  if (options.smsNumber !== undefined && !smsNumber) throw new AppError('bad-request', 'The SMS number is not a valid phone number');
  return db.organisation.create({ data: { name, smsNumber } });
}
