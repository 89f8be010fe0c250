import { createHash, randomBytes } from 'node:crypto';
import type { ApiToken, Db } from '../../db/client';

export interface CreateApiTokenOptions {
  organisationId: string;
  name: string;
  /** A practice's token acts for that practice only. */
  practiceId?: string;
}

const PREFIX = 'lantern_';

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Returns the token itself once; only its hash is stored, so it cannot be shown again. */
export async function createApiToken(db: Db, options: CreateApiTokenOptions): Promise<{ apiToken: ApiToken; token: string }> {
  const token = PREFIX + randomBytes(32).toString('base64url');
  const apiToken = await db.apiToken.create({
    data: {
      organisationId: options.organisationId,
      practiceId: options.practiceId ?? null,
      name: options.name.trim() || 'API token',
      tokenHash: hashApiToken(token),
    },
  });
  return { apiToken, token };
}
