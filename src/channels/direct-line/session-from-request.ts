import type { Request } from 'restify';
import { AppError } from '../../lib/errors';
import type { DirectLineSession, DirectLineTokens } from './tokens';

/** The bearer token of a request, or a 401 when there is none. */
export function bearerToken(req: Request): string {
  const header = req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AppError('unauthorised', 'This request needs a chat token (Authorization: Bearer …).');
  return match[1];
}

/**
 * The visitor a request speaks for, from its token alone (never from the body). With
 * `conversationId`, the token must be for that conversation: 403 otherwise.
 */
export function sessionFromRequest(req: Request, tokens: DirectLineTokens, conversationId?: string): DirectLineSession {
  const session = tokens.verify(bearerToken(req));
  if (conversationId !== undefined && session.conversationId !== conversationId) {
    throw new AppError('forbidden', 'This chat token is for a different conversation.');
  }
  return session;
}
