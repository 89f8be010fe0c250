import type { Author, Channel } from '../db/client';
import { splitForSms } from '../channels/twilio-sms/segments';
import type { MessageEvents, MessagesAppended } from './message-events';

// The rules every writer of outbound messages shares (a turn's replies, a coach's reply, the
// scheduler's texts), so a text reads and travels the same whoever wrote it.

/** A bot text sent by SMS goes as separate texts that each fit one SMS, never more than three. */
const MAX_SMS_PIECES_FROM_BOT = 3;

// Web chat reads its messages from the timeline; every other channel sends through the outbox.
const SENT_BY_READING: ReadonlySet<Channel> = new Set(['WEB_CHAT']);

/**
 * The messages one text becomes. A coach's words, or a text sent `whole` (a referral and its
 * link), go as one body that the handset joins; the bot's are cut to stand alone.
 */
export function outboundBodies(channel: Channel, author: Author, text: string, whole = false): string[] {
  return channel === 'SMS' && author === 'BOT' && !whole ? splitForSms(text, MAX_SMS_PIECES_FROM_BOT) : [text];
}

/** Whether a message on this channel waits in the outbox (QUEUED) or is delivered by being read (SENT). */
export function sendsThroughOutbox(channel: Channel): boolean {
  return !SENT_BY_READING.has(channel);
}

/** Tells live readers (the outbox, open web chats, inbox views) once per conversation and channel. */
export function announceAppended(events: Pick<MessageEvents, 'appended'>, messages: Iterable<MessagesAppended>): void {
  const told = new Set<string>();
  for (const message of messages) {
    const key = `${message.conversationId}:${message.channel}`;
    if (told.has(key)) continue;
    told.add(key);
    events.appended({ conversationId: message.conversationId, personId: message.personId, channel: message.channel });
  }
}
