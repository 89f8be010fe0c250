import { randomUUID } from 'node:crypto';
import restify, { type Request, type Server } from 'restify';
import { z } from 'zod';
import { route } from '../../api/http';
import { TurnQueue } from '../../bot/turn-queue';
import { recordInbound } from '../../messaging/record-inbound';
import type { ChannelDependencies } from '../channel-dependencies';
import { conversationReferenceFor, providerMessageIdFor, readPostedActivity, toActivity } from './activities';
import { DIRECT_LINE_PATH } from './paths';
import { readTimeline } from './read-timeline';
import { sessionFromRequest } from './session-from-request';
import { streamUrl } from './stream-url';
import type { DirectLineSession, DirectLineTokens } from './tokens';
import { parseWatermark } from './watermark';

/**
 * Room for the longest message Lantern keeps, even if every character is an emoji escaped as
 * \uXXXX pairs, plus Web Chat's extra fields. A bigger post is refused with 413.
 */
export const MAX_ACTIVITY_BODY_BYTES = 128 * 1024;

const conversationParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/, 'is not a conversation id') });

/** Starting, resuming, posting to and reading a web chat conversation. Every route needs its token. */
export function mountConversationRoutes(
  server: Server,
  deps: ChannelDependencies,
  tokens: DirectLineTokens,
  /** Tells this instance's open streams of a web chat to look for new messages now. */
  wake: (directLineConversationId: string) => void,
): void {
  const { config, logger } = deps;
  const base = `${DIRECT_LINE_PATH}/conversations`;
  const smallBody = restify.plugins.bodyParser({ mapParams: false, maxBodySize: 4 * 1024 });
  // One visitor's posts are stored one after another, so a retry always finds the first copy
  // already committed. Two copies inserted at once would wait on each other in the unique
  // index, and on PostgreSQL that wait can deadlock with the bot committing its answer.
  const posts = new TurnQueue();

  // Start: the token already names the conversation (minted by /tokens/generate).
  server.post(base, smallBody, route(logger, async (req, res) => {
    const session = sessionFromRequest(req, tokens);
    res.send(201, conversationAnswer(req, session, tokens, config.publicBaseUrl, 0));
  }));

  // Resume after a dropped connection: a fresh stream URL from the client's watermark.
  server.get(`${base}/:id`, route(logger, async (req, res) => {
    const session = sessionFromRequest(req, tokens, conversationParams.parse(req.params).id);
    const watermark = parseWatermark(req.query?.watermark);
    res.send(200, conversationAnswer(req, session, tokens, config.publicBaseUrl, watermark));
  }));

  server.post(
    `${base}/:id/activities`,
    restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_ACTIVITY_BODY_BYTES }),
    route(logger, async (req, res) => {
      const session = sessionFromRequest(req, tokens, conversationParams.parse(req.params).id);
      const id = await posts.run(session.conversationId, () => receiveActivity(deps, session, req.body, wake));
      res.send(200, { id });
    }),
  );

  // Polling, for clients without WebSockets.
  server.get(`${base}/:id/activities`, route(logger, async (req, res) => {
    const session = sessionFromRequest(req, tokens, conversationParams.parse(req.params).id);
    const after = parseWatermark(req.query?.watermark);
    const { messages } = await readTimeline(deps.db, session.conversationId, after);
    const last = messages.at(-1);
    res.send(200, { activities: messages.map((message) => toActivity(message, session)), watermark: String(last ? last.seq : after) });
  }));
}

function conversationAnswer(req: Request, session: DirectLineSession, tokens: DirectLineTokens, publicBaseUrl: string, watermark: number) {
  const issued = tokens.issue(session);
  return {
    conversationId: session.conversationId,
    token: issued.token,
    expires_in: issued.expiresIn,
    streamUrl: streamUrl(req, publicBaseUrl, session.conversationId, watermark, issued.token),
  };
}

/**
 * Stores a visitor's message before answering (so it survives a crash), then lets the stream
 * echo it and queues the bot's turn. Returns the id Web Chat matches the echo with.
 */
async function receiveActivity(deps: ChannelDependencies, session: DirectLineSession, body: unknown, wake: (id: string) => void): Promise<string> {
  const posted = readPostedActivity(body);
  // Typing and the like: acknowledged so the client carries on, and otherwise ignored.
  if (posted.kind === 'ignored') return `ignored-${randomUUID()}`;
  const recorded = await recordInbound(
    deps.db,
    {
      channel: 'WEB_CHAT',
      address: session.conversationId,
      providerMessageId: providerMessageIdFor(session.conversationId, posted.clientActivityId),
      body: posted.text,
      reference: JSON.stringify(conversationReferenceFor(session, deps.config.publicBaseUrl)),
      ...(session.practiceId ? { practiceId: session.practiceId } : {}),
    },
    deps.clock,
  );
  if (recorded.duplicate) return recorded.message.id;
  deps.events.appended({ conversationId: recorded.person.conversation.id, personId: recorded.person.id, channel: 'WEB_CHAT' });
  wake(session.conversationId);
  void deps.answer(recorded.message);
  return recorded.message.id;
}
