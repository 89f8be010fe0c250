import type { Server } from 'restify';
import { recordAuditEvent } from '../../domain/audit/record-audit-event';
import { AppError } from '../../lib/errors';
import { lockedForSeconds, recordFailedAttempt } from './account-lockout';
import type { AuthDependencies } from './auth-dependencies';
import { totpCodeBody } from './auth-schemas';
import { writeSession } from './authenticate';
import { endOtherSessions } from './end-other-sessions';
import { TooManySignIns } from './sign-in-throttle';
import { bodyOf, jsonBody, staffRoute } from './staff-route';
import { sessionBody } from './staff-view';
import { newTotpSecret, otpauthUrl } from './totp';
import type { TotpCodes } from './totp-codes';

const WRONG_CODE = 'That code is not right (each code works once). Enter the current code from your authenticator app.';

/** POST /api/auth/totp/setup, /confirm, /disable. */
export function mountTotpRoutes(server: Server, deps: AuthDependencies, totpCodes: TotpCodes): void {
  // A new secret, not yet in force: it takes effect once a code from it is confirmed.
  server.post('/api/auth/totp/setup', staffRoute(deps, { beforeTotpSetup: true }, async (_req, res, { staff }) => {
    if (staff.totpEnabledAt) throw new AppError('conflict', 'Two-step sign-in is already on.');
    const secret = newTotpSecret();
    await deps.db.staff.update({ where: { id: staff.id }, data: { totpSecret: secret } });
    res.header('Cache-Control', 'no-store');
    res.send(200, { secret, otpauthUrl: otpauthUrl(secret, staff.email) });
  }));

  // Turning it on also signs out other sessions: they were started without the second step.
  server.post('/api/auth/totp/confirm', jsonBody, staffRoute(deps, { beforeTotpSetup: true }, async (req, res, { staff, session }) => {
    const { code } = totpCodeBody.parse(bodyOf(req));
    if (staff.totpEnabledAt) throw new AppError('conflict', 'Two-step sign-in is already on.');
    if (!staff.totpSecret) throw new AppError('conflict', 'Start two-step sign-in set-up first.');
    if (!totpCodes.accept(staff.id, staff.totpSecret, code, deps.clock.now())) throw new AppError('bad-request', WRONG_CODE);
    const enabled = await deps.db.staff.update({ where: { id: staff.id }, data: { totpEnabledAt: deps.clock.now() } });
    await recordAuditEvent(deps.db, { organisationId: staff.organisationId, actor: { type: 'staff', staffId: staff.id }, action: 'staff.totp-enabled' });
    const current = await endOtherSessions(deps, enabled, session);
    writeSession(deps, res, current.session);
    res.send(200, sessionBody(deps.config, current.staff, current.session));
  }));

  server.post('/api/auth/totp/disable', jsonBody, staffRoute(deps, {}, async (req, res, { staff, session }) => {
    const { code } = totpCodeBody.parse(bodyOf(req));
    if (staff.role === 'ADMIN') throw new AppError('forbidden', 'Admins must keep two-step sign-in on.');
    if (!staff.totpEnabledAt || !staff.totpSecret) throw new AppError('conflict', 'Two-step sign-in is not on.');
    const lockedFor = lockedForSeconds(staff, deps.clock.now());
    if (lockedFor > 0) throw new TooManySignIns(lockedFor);
    if (!totpCodes.accept(staff.id, staff.totpSecret, code, deps.clock.now())) {
      // Guessing codes here is guessing the second factor: it counts towards the lockout.
      await recordFailedAttempt(deps.db, staff, deps.clock.now());
      throw new AppError('bad-request', WRONG_CODE);
    }
    const disabled = await deps.db.staff.update({ where: { id: staff.id }, data: { totpSecret: null, totpEnabledAt: null } });
    await recordAuditEvent(deps.db, { organisationId: staff.organisationId, actor: { type: 'staff', staffId: staff.id }, action: 'staff.totp-disabled' });
    res.send(200, sessionBody(deps.config, disabled, session));
  }));
}
