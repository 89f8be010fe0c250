import type { Db, Practice } from '../../db/client';
import { AppError } from '../../lib/errors';

export interface CreatePracticeOptions {
  organisationId: string;
  /** NHS ODS code, e.g. F85002. */
  odsCode: string;
  name: string;
}

const ODS_CODE = /^[A-Z][A-Z0-9]{2,9}$/;

export function normaliseOdsCode(input: string): string | null {
  const code = input.trim().toUpperCase();
  return ODS_CODE.test(code) ? code : null;
}

export async function createPractice(db: Db, options: CreatePracticeOptions): Promise<Practice> {
  const odsCode = normaliseOdsCode(options.odsCode);
  if (!odsCode) throw new AppError('bad-request', `"${options.odsCode}" is not an ODS code (like F85002)`);
  const name = options.name.trim();
  if (!name) throw new AppError('bad-request', 'A practice needs a name');
  const existing = await db.practice.findUnique({ where: { odsCode } });
  if (existing) throw new AppError('conflict', `Practice ${odsCode} already exists`);
  return db.practice.create({ data: { organisationId: options.organisationId, odsCode, name } });
}
