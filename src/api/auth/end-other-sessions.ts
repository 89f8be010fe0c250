import type { Staff } from '../../db/client';
import type { AuthDependencies } from './auth-dependencies';
import type { Session } from './session-cookie';

/**
 * Signs out every other session of this member of staff and returns this one, re-issued so it
 * survives: sessions issued before the new sessionsValidAfter end, and this one is issued at it.
 */
export async function endOtherSessions(deps: AuthDependencies, staff: Staff, session: Session): Promise<{ staff: Staff; session: Session }> {
  // One millisecond ahead, so another session issued in this same millisecond ends too.
  const validAfter = new Date(deps.clock.now().getTime() + 1);
  const updated = await deps.db.staff.update({ where: { id: staff.id }, data: { sessionsValidAfter: validAfter } });
  return { staff: updated, session: { ...session, issuedAt: validAfter.getTime(), lastSeenAt: validAfter.getTime() } };
}
