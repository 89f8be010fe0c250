import { randomUUID } from 'node:crypto';
import type { ConversationReference } from 'botbuilder';
import { z } from 'zod';
import type { Message } from '../../db/client';
import { AppError } from '../../lib/errors';
import { storableText } from '../../lib/text';
import { MAX_INBOUND_LENGTH } from '../../messaging/record-inbound';
import type { DirectLineSession } from './tokens';

export const BOT_ACCOUNT = { id: 'lantern', name: 'Lantern' } as const;
const COACH_NAME = 'Your coach';

/** A Direct Line activity as Lantern sends it: messages only, text only. */
export interface OutgoingActivity {
  type: 'message';
  id: string;
  timestamp: string;
  channelId: 'directline';
  conversation: { id: string };
  from: { id: string; name?: string; role: 'user' | 'bot' };
  text: string;
  channelData?: { clientActivityID: string };
}

/**
 * What Web Chat sends; loose, because clients add fields Lantern has no use for. The text and the
 * ids (which become the stored message id) drop NUL, as everything stored does.
 */
const postedActivity = z.looseObject({
  type: z.string().trim().min(1, 'is required').max(64),
  id: storableText().max(200).optional(),
  text: storableText().optional(),
  attachments: z.array(z.unknown()).optional(),
  channelData: z.looseObject({ clientActivityID: storableText().min(1).max(200).optional() }).nullish(),
});

export type PostedMessage = { kind: 'message'; text: string; clientActivityId: string | null } | { kind: 'ignored' };

/**
 * Reads a posted activity. Typing, conversationUpdate and other events are accepted and ignored;
 * a message must carry words (pictures and files are not supported) of a length Lantern keeps.
 */
export function readPostedActivity(body: unknown): PostedMessage {
  const activity = postedActivity.parse(body ?? {});
  if (activity.type !== 'message') return { kind: 'ignored' };
  if (activity.attachments && activity.attachments.length > 0) {
    throw new AppError('bad-request', 'Pictures and files cannot be sent here yet. Please type your message instead.');
  }
  const text = activity.text ?? '';
  if (text.trim().length === 0) throw new AppError('bad-request', 'The message is empty. Please type something to send.');
  if (text.length > MAX_INBOUND_LENGTH) {
    throw new AppError('bad-request', `The message is too long: please keep it under ${MAX_INBOUND_LENGTH} characters, or send it in parts.`);
  }
  // An empty id is no id: as one, every later message with it would pass for a retry and be dropped.
  return { kind: 'message', text, clientActivityId: activity.channelData?.clientActivityID || activity.id || null };
}

/**
 * The stored id of a web chat message. Web Chat sends the same client activity id when it retries
 * a post, so a retry finds the first copy instead of storing a second.
 */
export function providerMessageIdFor(conversationId: string, clientActivityId: string | null): string {
  return `${providerPrefix(conversationId)}${clientActivityId ?? randomUUID()}`;
}

function providerPrefix(conversationId: string): string {
  return `dl:${conversationId}:`;
}

/** How the bot writes back to this visitor, stored with their messages. */
export function conversationReferenceFor(session: DirectLineSession, serviceUrl: string): Partial<ConversationReference> {
  return {
    channelId: 'directline',
    user: { id: session.userId, name: '' },
    bot: { ...BOT_ACCOUNT },
    conversation: { id: session.conversationId, isGroup: false, name: '', conversationType: 'personal' },
    serviceUrl,
  };
}

/**
 * A stored message as Web Chat shows it. Messages from every channel appear (a person who also
 * texts sees one timeline). The echo of the visitor's own post carries their client activity id,
 * which is how Web Chat knows the send went through.
 */
export function toActivity(message: Message, session: DirectLineSession): OutgoingActivity {
  const inbound = message.direction === 'INBOUND';
  const prefix = providerPrefix(session.conversationId);
  const clientActivityId = inbound && message.providerMessageId?.startsWith(prefix) ? message.providerMessageId.slice(prefix.length) : null;
  return {
    type: 'message',
    id: message.id,
    timestamp: message.createdAt.toISOString(),
    channelId: 'directline',
    conversation: { id: session.conversationId },
    from: inbound
      ? { id: session.userId, role: 'user' }
      : { id: BOT_ACCOUNT.id, name: message.author === 'COACH' ? COACH_NAME : BOT_ACCOUNT.name, role: 'bot' },
    text: message.body,
    ...(clientActivityId ? { channelData: { clientActivityID: clientActivityId } } : {}),
  };
}

/** A message from Lantern that is shown once and stored nowhere (the goodbye after erasure). */
export function unrecordedActivity(conversationId: string, text: string, now: Date): OutgoingActivity {
  return {
    type: 'message',
    id: `unrecorded-${randomUUID()}`,
    timestamp: now.toISOString(),
    channelId: 'directline',
    conversation: { id: conversationId },
    from: { id: BOT_ACCOUNT.id, name: BOT_ACCOUNT.name, role: 'bot' },
    text,
  };
}
