import type { Db, Staff } from '../../db/client';
import { recordAuditEvent } from '../../domain/audit/record-audit-event';
import { ACCOUNT_FAILURE_LIMIT, ACCOUNT_LOCK_MS } from './sign-in-throttle';

/** Seconds the account stays locked; 0 if it is not. */
export function lockedForSeconds(staff: Pick<Staff, 'lockedUntil'>, now: Date): number {
  if (!staff.lockedUntil) return 0;
  return Math.max(0, Math.ceil((staff.lockedUntil.getTime() - now.getTime()) / 1000));
}

/**
 * Counts one failed attempt (atomically, so parallel guesses all count) and locks the account
 * on the fifth in a row. The count restarts with the lock, so after it lifts there are five more.
 */
export async function recordFailedAttempt(db: Db, staff: Pick<Staff, 'id' | 'organisationId'>, now: Date): Promise<void> {
  const { failedSignIns } = await db.staff.update({
    where: { id: staff.id },
    data: { failedSignIns: { increment: 1 } },
    select: { failedSignIns: true },
  });
  if (failedSignIns < ACCOUNT_FAILURE_LIMIT) return;
  await db.staff.update({ where: { id: staff.id }, data: { failedSignIns: 0, lockedUntil: new Date(now.getTime() + ACCOUNT_LOCK_MS) } });
  await recordAuditEvent(db, {
    organisationId: staff.organisationId,
    actor: { type: 'system' },
    action: 'staff.locked-out',
    detail: { staffId: staff.id, minutes: ACCOUNT_LOCK_MS / 60_000 },
  });
}

/** After a successful sign-in: the count of consecutive failures starts again. */
export async function clearFailedAttempts(db: Db, staff: Pick<Staff, 'id' | 'failedSignIns' | 'lockedUntil'>): Promise<void> {
  if (staff.failedSignIns === 0 && staff.lockedUntil === null) return;
  await db.staff.update({ where: { id: staff.id }, data: { failedSignIns: 0, lockedUntil: null } });
}
