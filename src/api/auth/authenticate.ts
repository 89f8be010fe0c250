import type { Request, Response } from 'restify';
import type { Staff, StaffRole } from '../../db/client';
import { AppError } from '../../lib/errors';
import { bearerToken, principalFromApiToken } from './api-token-auth';
import type { AuthDependencies } from './auth-dependencies';
import { clearSessionCookie, readCookie, setSessionCookie } from './cookie-header';
import { CSRF_HEADER, csrfTokenMatches } from './csrf';
import type { Principal } from './principal';
import { cookieLifetimeSeconds, decodeSession, encodeSession, REISSUE_AFTER_MS, SESSION_COOKIE, sessionExpiry, type Session } from './session-cookie';
import { totpRequired } from './staff-view';

/** Who may use a route, and which of the "finish setting up first" gates it stays open through. */
export interface RouteAccess {
  roles: readonly StaffRole[];
  apiTokens: boolean;
  /** Open while the password must be changed (me, sign-out, the password itself). */
  beforePasswordChange?: boolean;
  /** Open while an admin has yet to set up TOTP (me, sign-out, TOTP setup, the password). */
  beforeTotpSetup?: boolean;
}

export type AuthContext =
  | { kind: 'staff'; principal: Extract<Principal, { kind: 'staff' }>; staff: Staff; session: Session }
  | { kind: 'api-token'; principal: Extract<Principal, { kind: 'api-token' }> };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Authenticates a request by API token (Authorization: Bearer) or session cookie, in that order,
 * then applies CSRF, the set-up gates and roles. Throws AppError (401/403); may set cookies.
 */
export async function authenticate(deps: AuthDependencies, req: Request, res: Response, access: RouteAccess): Promise<AuthContext> {
  const token = bearerToken(req);
  if (token !== null) {
    if (!access.apiTokens) throw new AppError('forbidden', 'This is for signed-in staff; API tokens cannot use it.');
    const principal = await principalFromApiToken(deps, token);
    // A practice's token acts as practice staff would; an organisation's token as a coach would.
    // Neither is ever an admin.
    if (!access.roles.includes(principal.practiceId ? 'PRACTICE' : 'COACH')) throw new AppError('forbidden', 'This API token cannot use this.');
    return { kind: 'api-token', principal };
  }

  const { staff, session } = await sessionFromCookie(deps, req, res);
  // The CSRF check comes before anything that could act on the request.
  if (!SAFE_METHODS.has(req.method ?? '') && !csrfTokenMatches(deps.config.sessionSecret, session.sessionId, req.header(CSRF_HEADER))) {
    throw new AppError('forbidden', 'Missing or invalid CSRF token');
  }
  if (staff.mustChangePassword && !access.beforePasswordChange) {
    throw new AppError('forbidden', 'Change your password first: the one you were given was for one use only.');
  }
  if (totpRequired(staff) && !access.beforeTotpSetup) {
    throw new AppError('forbidden', 'Set up two-step sign-in with an authenticator app first: admins must use it.');
  }
  if (!access.roles.includes(staff.role)) throw new AppError('forbidden', 'Your account cannot use this.');

  const refreshed = slideLastSeen(deps, res, session);
  const principal = { kind: 'staff', staffId: staff.id, organisationId: staff.organisationId, role: staff.role, name: staff.displayName, practiceId: staff.practiceId } as const;
  return { kind: 'staff', principal, staff, session: refreshed };
}

/** The signed-in member of staff, or 401 (and the stale cookie cleared). */
export async function sessionFromCookie(deps: AuthDependencies, req: Request, res: Response): Promise<{ staff: Staff; session: Session }> {
  const value = readCookie(req, SESSION_COOKIE);
  if (!value) throw new AppError('unauthorised', 'Sign in to continue.');
  const session = decodeSession(deps.config.sessionSecret, value);
  const now = deps.clock.now();
  const staff = session && !sessionExpiry(session, now) ? await deps.db.staff.findUnique({ where: { id: session.staffId } }) : null;
  // Sessions issued before sessionsValidAfter were ended by "sign out everywhere" or a password change.
  if (!session || !staff || staff.disabledAt || session.issuedAt < staff.sessionsValidAfter.getTime()) {
    clearSessionCookie(res, deps.config);
    throw new AppError('unauthorised', 'Your session has ended. Sign in again.');
  }
  return { staff, session };
}

/** Starts a session's cookie, or re-issues it (same session id, so the CSRF token stays). */
export function writeSession(deps: AuthDependencies, res: Response, session: Session): void {
  setSessionCookie(res, deps.config, encodeSession(deps.config.sessionSecret, session), cookieLifetimeSeconds(session, deps.clock.now()));
}

// Moving last-seen forward needs a new cookie; once a minute is enough for a 30-minute limit.
function slideLastSeen(deps: AuthDependencies, res: Response, session: Session): Session {
  const now = deps.clock.now().getTime();
  if (now - session.lastSeenAt < REISSUE_AFTER_MS) return session;
  const refreshed = { ...session, lastSeenAt: now };
  writeSession(deps, res, refreshed);
  return refreshed;
}
