import type { Request } from 'restify';
import { hashApiToken } from '../../domain/api-tokens/create-api-token';
import { AppError } from '../../lib/errors';
import type { AuthDependencies } from './auth-dependencies';
import type { Principal } from './principal';

/** lastUsedAt is written at most this often per token, not on every request. */
export const TOKEN_LAST_USED_RESOLUTION_MS = 60_000;

const INVALID_TOKEN = 'This API token is not valid, or has been revoked.';

/** The bearer token on a request; null when there is no Authorization header at all. */
export function bearerToken(req: Request): string | null {
  const header = req.header('authorization');
  if (header === undefined || header === '') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AppError('unauthorised', 'Send an API token as "Authorization: Bearer lantern_…".');
  return match[1];
}

export async function principalFromApiToken(deps: AuthDependencies, token: string): Promise<Extract<Principal, { kind: 'api-token' }>> {
  if (!token.startsWith('lantern_')) throw new AppError('unauthorised', INVALID_TOKEN);
  const apiToken = await deps.db.apiToken.findUnique({ where: { tokenHash: hashApiToken(token) } });
  if (!apiToken || apiToken.revokedAt) throw new AppError('unauthorised', INVALID_TOKEN);
  const now = deps.clock.now();
  const staleBefore = new Date(now.getTime() - TOKEN_LAST_USED_RESOLUTION_MS);
  if (!apiToken.lastUsedAt || apiToken.lastUsedAt < staleBefore) {
    // Conditional, so busy scripts on several instances still write about once a minute.
    await deps.db.apiToken.updateMany({
      where: { id: apiToken.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { kind: 'api-token', tokenId: apiToken.id, organisationId: apiToken.organisationId, practiceId: apiToken.practiceId };
}
