import type { Db, Message } from '../../db/client';

/** At most this many messages per answer; the watermark says where to carry on. */
export const MAX_ACTIVITIES_PER_READ = 200;

/** The Lantern conversation behind a web chat, and how many messages it holds. */
export interface Timeline {
  id: string;
  messageCount: number;
}

export interface TimelinePage {
  /** Null before the visitor's first message (or after they erased their data). */
  timeline: Timeline | null;
  messages: Message[];
}

/** The timeline of the person whose web chat address is this Direct Line conversation. */
export async function findTimeline(db: Db, directLineConversationId: string): Promise<Timeline | null> {
  const address = await db.channelAddress.findUnique({
    where: { channel_address: { channel: 'WEB_CHAT', address: directLineConversationId } },
    select: { person: { select: { conversation: { select: { id: true, messageCount: true } } } } },
  });
  return address?.person.conversation ?? null;
}

/**
 * A timeline's messages after `afterSeq`, oldest first. A watermark beyond the end means the
 * timeline was renumbered under the visitor (they erased their data and wrote again): they get
 * it from the start rather than nothing.
 */
export async function readMessagesAfter(db: Db, timeline: Timeline, afterSeq: number): Promise<Message[]> {
  const after = afterSeq > timeline.messageCount ? 0 : afterSeq;
  return db.message.findMany({
    where: { conversationId: timeline.id, seq: { gt: after } },
    orderBy: { seq: 'asc' },
    take: MAX_ACTIVITIES_PER_READ,
  });
}

/** Everything after a watermark in the timeline behind a web chat (nothing before the first message). */
export async function readTimeline(db: Db, directLineConversationId: string, afterSeq: number): Promise<TimelinePage> {
  const timeline = await findTimeline(db, directLineConversationId);
  return { timeline, messages: timeline ? await readMessagesAfter(db, timeline, afterSeq) : [] };
}

/** The timelines behind many web chats at once (for the stream's poll): one query. */
export async function findTimelines(db: Db, directLineConversationIds: string[]): Promise<Map<string, Timeline>> {
  const addresses = await db.channelAddress.findMany({
    where: { channel: 'WEB_CHAT', address: { in: directLineConversationIds } },
    select: { address: true, person: { select: { conversation: { select: { id: true, messageCount: true } } } } },
  });
  const found = new Map<string, Timeline>();
  for (const { address, person } of addresses) if (person.conversation) found.set(address, person.conversation);
  return found;
}
