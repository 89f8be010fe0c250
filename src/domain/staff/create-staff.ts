import type { Db, Staff, StaffRole } from '../../db/client';
import { AppError } from '../../lib/errors';
import { generateOneTimePassword, hashPassword } from '../../lib/password';

export interface CreateStaffOptions {
  organisationId: string;
  email: string;
  displayName: string;
  role: StaffRole;
  /** Required for practice staff: the practice they refer from. */
  practiceId?: string;
  /** Omit to issue a one-time password that must be changed at first sign-in. */
  password?: string;
}

export async function createStaff(db: Db, options: CreateStaffOptions): Promise<{ staff: Staff; oneTimePassword?: string }> {
  const email = options.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new AppError('bad-request', `"${options.email}" is not an email address`);
  if (options.role === 'PRACTICE' && !options.practiceId) throw new AppError('bad-request', 'Practice staff need a practice');
  if (await db.staff.findUnique({ where: { email } })) throw new AppError('conflict', `Someone already signs in as ${email}`);
  const oneTimePassword = options.password === undefined ? generateOneTimePassword() : undefined;
  const staff = await db.staff.create({
    data: {
      organisationId: options.organisationId,
      practiceId: options.practiceId ?? null,
      email,
      displayName: options.displayName.trim() || email,
      role: options.role,
      passwordHash: await hashPassword(options.password ?? (oneTimePassword as string)),
      mustChangePassword: oneTimePassword !== undefined,
    },
  });
  return { staff, oneTimePassword };
}
