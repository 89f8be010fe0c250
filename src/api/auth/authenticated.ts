import type { Request, RequestHandler, Response } from 'restify';
import type { StaffRole } from '../../db/client';
import { route } from '../http';
import type { AuthDependencies } from './auth-dependencies';
import { authenticate } from './authenticate';
import type { Principal } from './principal';

export interface AuthenticatedOptions {
  /** Staff roles allowed; COACH and ADMIN unless given. PRACTICE staff only where listed. */
  roles?: readonly StaffRole[];
  /** Whether API tokens (Authorization: Bearer lantern_…) may call the route; true unless given. */
  apiTokens?: boolean;
}

export const DEFAULT_ROLES: readonly StaffRole[] = ['COACH', 'ADMIN'];

/**
 * Wraps a route: authenticates (session cookie or API token), enforces CSRF on state-changing
 * cookie requests, checks roles, then calls the handler with the principal. Errors go through
 * route() from src/api/http.ts.
 */
export function authenticated(
  deps: AuthDependencies,
  options: AuthenticatedOptions,
  handler: (req: Request, res: Response, principal: Principal) => Promise<void>,
): RequestHandler {
  const access = { roles: options.roles ?? DEFAULT_ROLES, apiTokens: options.apiTokens ?? true };
  return route(deps.logger, async (req, res) => {
    const { principal } = await authenticate(deps, req, res, access);
    await handler(req, res, principal);
  });
}
