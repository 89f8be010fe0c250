import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { generateOneTimePassword, hashPassword } from '../../lib/password';

/** Issues a new one-time password and signs the person out everywhere. */
export async function resetPassword(db: Db, email: string): Promise<string> {
  const staff = await db.staff.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!staff) throw new AppError('not-found', `Nobody signs in as ${email}`);
  const oneTimePassword = generateOneTimePassword();
  await db.staff.update({
    where: { id: staff.id },
    data: {
      passwordHash: await hashPassword(oneTimePassword),
      mustChangePassword: true,
      failedSignIns: 0,
      lockedUntil: null,
      sessionsValidAfter: new Date(),
    },
  });
  return oneTimePassword;
}
