import type { Server } from 'restify';
import type { Staff } from '../../db/client';
import { recordAuditEvent } from '../../domain/audit/record-audit-event';
import { hashPassword, verifyPassword } from '../../lib/password';
import { lockedForSeconds, recordFailedAttempt } from './account-lockout';
import type { AuthDependencies } from './auth-dependencies';
import { changePasswordBody } from './auth-schemas';
import { writeSession } from './authenticate';
import { endOtherSessions } from './end-other-sessions';
import { newPasswordProblem, passwordRefused } from './password-policy';
import { TooManySignIns } from './sign-in-throttle';
import { bodyOf, jsonBody, staffRoute } from './staff-route';
import { sessionBody } from './staff-view';

/** POST /api/auth/password: open while a one-time password must be replaced, and for admins before TOTP. */
export function mountPasswordRoute(server: Server, deps: AuthDependencies): void {
  server.post('/api/auth/password', jsonBody, staffRoute(deps, { beforePasswordChange: true, beforeTotpSetup: true }, async (req, res, { staff, session }) => {
    const body = changePasswordBody.parse(bodyOf(req));
    await checkCurrentPassword(deps, staff, body.currentPassword);
    const problem = newPasswordProblem(body.newPassword, staff.email);
    if (problem) throw passwordRefused('newPassword', problem);
    if (await verifyPassword(body.newPassword, staff.passwordHash)) throw passwordRefused('newPassword', 'must be different from your current password');

    const updated = await deps.db.staff.update({
      where: { id: staff.id },
      data: { passwordHash: await hashPassword(body.newPassword), mustChangePassword: false, failedSignIns: 0 },
    });
    await recordAuditEvent(deps.db, { organisationId: staff.organisationId, actor: { type: 'staff', staffId: staff.id }, action: 'staff.password-changed' });
    const current = await endOtherSessions(deps, updated, session);
    writeSession(deps, res, current.session);
    res.send(200, sessionBody(deps.config, current.staff, current.session));
  }));
}

// A stolen session must not become a way to guess the password: wrong guesses count towards
// the same lockout as sign-in.
async function checkCurrentPassword(deps: AuthDependencies, staff: Staff, currentPassword: string): Promise<void> {
  const lockedFor = lockedForSeconds(staff, deps.clock.now());
  if (lockedFor > 0) throw new TooManySignIns(lockedFor);
  if (await verifyPassword(currentPassword, staff.passwordHash)) return;
  await recordFailedAttempt(deps.db, staff, deps.clock.now());
  throw passwordRefused('currentPassword', 'is not your current password');
}
