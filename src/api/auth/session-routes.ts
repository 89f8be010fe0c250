import type { Server } from 'restify';
import { recordAuditEvent } from '../../domain/audit/record-audit-event';
import { AppError } from '../../lib/errors';
import { route } from '../http';
import type { AuthDependencies } from './auth-dependencies';
import { signInBody } from './auth-schemas';
import { authenticate, writeSession } from './authenticate';
import { clearSessionCookie } from './cookie-header';
import { endOtherSessions } from './end-other-sessions';
import { newSession } from './session-cookie';
import { signIn, type SignInState } from './sign-in';
import { clientAddress } from './sign-in-throttle';
import { jsonBody, requireJson, staffRoute, withRetryAfter } from './staff-route';
import { sessionBody } from './staff-view';

/** POST sign-in, sign-out, sign-out-everywhere; GET me. */
export function mountSessionRoutes(server: Server, deps: AuthDependencies, state: SignInState): void {
  server.post('/api/auth/sign-in', requireJson, jsonBody, route(deps.logger, async (req, res) => {
    const body = signInBody.parse(req.body);
    const staff = await withRetryAfter(res, () => signIn(deps, state, body, clientAddress(req)));
    // A new session id at every sign-in: nobody can fix a session for someone else in advance.
    const session = newSession(staff, deps.clock.now());
    writeSession(deps, res, session);
    res.header('Cache-Control', 'no-store');
    res.send(200, sessionBody(deps.config, staff, session));
  }));

  // Ends this browser's session. A stale or missing session is already signed out, so that is
  // not an error; a live one must show its CSRF token (no signing people out from other sites).
  server.post('/api/auth/sign-out', route(deps.logger, async (req, res) => {
    try {
      await authenticate(deps, req, res, everyone);
    } catch (error) {
      if (!(error instanceof AppError && error.kind === 'unauthorised')) throw error;
    }
    clearSessionCookie(res, deps.config);
    res.send(204);
  }));

  server.post('/api/auth/sign-out-everywhere', staffRoute(deps, { beforePasswordChange: true, beforeTotpSetup: true }, async (_req, res, { staff, session }) => {
    // This session ends too: its cookie is cleared below and the re-issued one is not sent.
    await endOtherSessions(deps, staff, session);
    await recordAuditEvent(deps.db, { organisationId: staff.organisationId, actor: { type: 'staff', staffId: staff.id }, action: 'staff.signed-out-everywhere' });
    clearSessionCookie(res, deps.config);
    res.send(204);
  }));

  server.get('/api/auth/me', staffRoute(deps, { beforePasswordChange: true, beforeTotpSetup: true }, async (_req, res, { staff, session }) => {
    res.header('Cache-Control', 'no-store');
    res.send(200, sessionBody(deps.config, staff, session));
  }));
}

const everyone = { roles: ['COACH', 'ADMIN', 'PRACTICE'], apiTokens: false, beforePasswordChange: true, beforeTotpSetup: true } as const;
