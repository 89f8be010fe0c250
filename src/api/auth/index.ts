import type { Server } from 'restify';
import type { AuthDependencies } from './auth-dependencies';
import { mountPasswordRoute } from './password-route';
import { mountSessionRoutes } from './session-routes';
import { FailuresByAddress, UnknownAccountLockouts } from './sign-in-throttle';
import { TotpCodes } from './totp-codes';
import { mountTotpRoutes } from './totp-routes';

export type { AuthDependencies } from './auth-dependencies';
export { authenticated, DEFAULT_ROLES, type AuthenticatedOptions } from './authenticated';
export type { Principal } from './principal';
export { CSRF_HEADER } from './csrf';
export { ABSOLUTE_TIMEOUT_MS, IDLE_TIMEOUT_MS, SESSION_COOKIE } from './session-cookie';

/**
 * Mounts the /api/auth/* routes: sign-in, sign-out, sign-out-everywhere, me, password, and
 * totp/setup, totp/confirm, totp/disable. Throttles and used TOTP codes are remembered in
 * memory per call, so mount once per server.
 */
export function mountAuthRoutes(server: Server, deps: AuthDependencies): void {
  const totpCodes = new TotpCodes();
  mountSessionRoutes(server, deps, { byAddress: new FailuresByAddress(), unknownAccounts: new UnknownAccountLockouts(), totpCodes });
  mountPasswordRoute(server, deps);
  mountTotpRoutes(server, deps, totpCodes);
}
