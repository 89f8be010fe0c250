import restify, { type Server } from 'restify';
import { z } from 'zod';
import { route } from '../../api/http';
import type { Logger } from '../../lib/logger';
import { DIRECT_LINE_PATH } from './paths';
import { bearerToken } from './session-from-request';
import { newConversationId, type DirectLineTokens } from './tokens';

/** Small JSON bodies only: anything bigger is refused with 413 before it is read into memory. */
export const MAX_TOKEN_BODY_BYTES = 4 * 1024;

const generateBody = z.object({
  // A referral code from the link a practice sent (/chat?ref=...): checked here, used later.
  ref: z
    .string()
    .trim()
    .max(64, 'is too long to be a referral code')
    .regex(/^[A-Za-z0-9_-]*$/, 'must be letters, numbers, - or _')
    .optional(),
});

/**
 * POST /v3/directline/tokens/generate and /tokens/refresh. Generating is open (the chat is public)
 * and stores nothing: a conversation exists in Lantern only once the visitor writes.
 */
export function mountTokenRoutes(server: Server, tokens: DirectLineTokens, logger: Logger): void {
  const body = restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_TOKEN_BODY_BYTES });

  server.post(`${DIRECT_LINE_PATH}/tokens/generate`, body, route(logger, async (req, res) => {
    generateBody.parse(req.body ?? {});
    const conversationId = newConversationId();
    // One visitor per web chat conversation, and the bot finds the person by the user id, so
    // the two are the same: the address Lantern stores is the conversation id.
    const issued = tokens.issue({ conversationId, userId: conversationId });
    res.send(200, { conversationId, token: issued.token, expires_in: issued.expiresIn });
  }));

  server.post(`${DIRECT_LINE_PATH}/tokens/refresh`, body, route(logger, async (req, res) => {
    const session = tokens.verifyForRefresh(bearerToken(req));
    const issued = tokens.issue(session);
    res.send(200, { conversationId: session.conversationId, token: issued.token, expires_in: issued.expiresIn });
  }));
}
