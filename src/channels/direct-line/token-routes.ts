import restify, { type Server } from 'restify';
import { z } from 'zod';
import { route } from '../../api/http';
import type { Db } from '../../db/client';
import { openReferralInWebChat } from '../../domain/referrals/open-referral';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import { DIRECT_LINE_PATH } from './paths';
import { bearerToken } from './session-from-request';
import { newConversationId, type DirectLineTokens } from './tokens';

/** Small JSON bodies only: anything bigger is refused with 413 before it is read into memory. */
export const MAX_TOKEN_BODY_BYTES = 4 * 1024;

const generateBody = z.object({
  // A referral code from the link a practice texted (/r/<code> sends people to /chat?ref=<code>).
  ref: z
    .string()
    .trim()
    .max(64, 'is too long to be a referral code')
    .regex(/^[A-Za-z0-9_-]*$/, 'must be letters, numbers, - or _')
    .optional(),
  // A practice's own link (/p/<ODS code>): the chat is attributed to that practice.
  practice: z.string().trim().max(12, 'is too long to be an ODS code').regex(/^[A-Za-z0-9]*$/, 'must be letters and numbers').optional(),
});

/**
 * POST /v3/directline/tokens/generate and /tokens/refresh. Generating is open (the chat is public)
 * and stores nothing, except that a referral's link joins the chat to the person it was texted
 * to: otherwise a conversation exists in Lantern only once the visitor writes.
 */
export function mountTokenRoutes(server: Server, tokens: DirectLineTokens, deps: { db: Db; clock: Clock; logger: Logger }): void {
  const { logger } = deps;
  const body = restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_TOKEN_BODY_BYTES });

  server.post(`${DIRECT_LINE_PATH}/tokens/generate`, body, route(logger, async (req, res) => {
    const { ref, practice } = generateBody.parse(req.body ?? {});
    const conversationId = newConversationId();
    // A referral's chat joins the person the text went to; otherwise nothing is stored yet.
    const { opened } = ref ? await openReferralInWebChat(deps.db, { code: ref, webChatAddress: conversationId, clock: deps.clock }) : { opened: false };
    const practiceId = !opened && practice ? (await deps.db.practice.findUnique({ where: { odsCode: practice.toUpperCase() }, select: { id: true } }))?.id : undefined;
    // One visitor per web chat conversation, and the bot finds the person by the user id, so
    // the two are the same: the address Lantern stores is the conversation id.
    const issued = tokens.issue({ conversationId, userId: conversationId, ...(practiceId ? { practiceId } : {}) });
    res.send(200, { conversationId, token: issued.token, expires_in: issued.expiresIn });
  }));

  server.post(`${DIRECT_LINE_PATH}/tokens/refresh`, body, route(logger, async (req, res) => {
    const session = tokens.verifyForRefresh(bearerToken(req));
    const issued = tokens.issue(session);
    res.send(200, { conversationId: session.conversationId, token: issued.token, expires_in: issued.expiresIn });
  }));
}
