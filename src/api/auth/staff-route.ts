import restify, { type Next, type Request, type RequestHandler, type Response } from 'restify';
import type { Staff } from '../../db/client';
import { AppError } from '../../lib/errors';
import { route } from '../http';
import type { AuthDependencies } from './auth-dependencies';
import { authenticate } from './authenticate';
import type { Session } from './session-cookie';
import { TooManySignIns } from './sign-in-throttle';

/** Auth bodies are a few short strings. */
export const MAX_AUTH_BODY_BYTES = 4 * 1024;

// restify hands these options to its body reader, which honours maxBodySize (413 beyond it);
// @types/restify leaves the field out of JsonBodyParserOptions.
const jsonBodyOptions: restify.plugins.JsonBodyParserOptions & { maxBodySize: number } = { mapParams: false, maxBodySize: MAX_AUTH_BODY_BYTES };
export const jsonBody = restify.plugins.jsonBodyParser(jsonBodyOptions);

/**
 * Refuses anything but a JSON body with 415. A cross-site HTML form can only send form or text
 * encodings, and a cross-site fetch with JSON needs a CORS preflight we never grant.
 */
export function requireJson(req: Request, res: Response, next: Next): void {
  if (req.getContentType() === 'application/json') return next();
  res.send(415, { error: { code: 'unsupported-media-type', message: 'Send a JSON body (Content-Type: application/json).' } });
  return next(false);
}

/** The body as an object: an empty body is {}, one that is not JSON is refused. */
export function bodyOf(req: Request): unknown {
  if (req.body === undefined || req.body === null || req.body === '') return {};
  if (typeof req.body !== 'object' || Buffer.isBuffer(req.body)) throw new AppError('bad-request', 'Send a JSON body (Content-Type: application/json).');
  return req.body;
}

export interface StaffRouteOptions {
  beforePasswordChange?: boolean;
  beforeTotpSetup?: boolean;
}

/** A route for the signed-in member of staff themselves (any role, never an API token). */
export function staffRoute(
  deps: AuthDependencies,
  options: StaffRouteOptions,
  handler: (req: Request, res: Response, signedIn: { staff: Staff; session: Session }) => Promise<void>,
): RequestHandler {
  const access = { roles: ['COACH', 'ADMIN', 'PRACTICE'] as const, apiTokens: false, ...options };
  return route(deps.logger, async (req, res) => {
    const context = await authenticate(deps, req, res, access);
    if (context.kind !== 'staff') throw new AppError('forbidden', 'This is for signed-in staff.');
    await withRetryAfter(res, () => handler(req, res, context));
  });
}

/** Runs `work`; a TooManySignIns it throws also sets the Retry-After header. */
export async function withRetryAfter<T>(res: Response, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TooManySignIns) res.header('Retry-After', String(error.retryAfterSeconds));
    throw error;
  }
}
