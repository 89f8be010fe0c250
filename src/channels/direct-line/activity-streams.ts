import type { WebSocket } from 'ws';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { MessageEvents } from '../../messaging/message-events';
import { toActivity, unrecordedActivity, type OutgoingActivity } from './activities';
import { findTimeline, findTimelines, MAX_ACTIVITIES_PER_READ, readMessagesAfter, type Timeline } from './read-timeline';
import type { DirectLineSession } from './tokens';

export interface ActivityStreamsOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: MessageEvents;
  /**
   * How often every open stream checks the database. The in-process event wakes a stream at
   * once; the poll is for what another Lantern instance wrote (a coach's reply, a check-in).
   */
  pollMs?: number;
  /** How often each socket is pinged; one that missed the last ping is closed. */
  heartbeatMs?: number;
}

const DEFAULT_POLL_MS = 3000;
const DEFAULT_HEARTBEAT_MS = 25_000;
// Polls ask about this many conversations per query.
const POLL_BATCH = 200;
// A client this far behind is not reading; it is closed and catches up from its watermark.
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/** One open WebSocket and what it has been sent. */
interface Stream {
  socket: WebSocket;
  session: DirectLineSession;
  /** The last message number sent: nothing at or below it is sent again on this socket. */
  lastSeq: number;
  lastSentId: string | null;
  timelineId: string | null;
  alive: boolean;
  flushing: Promise<void> | null;
  flushAgain: boolean;
  stopListening: () => void;
}

/**
 * The open Web Chat streams. Each reads its visitor's timeline from the database and sends what
 * it has not sent yet: on connect, whenever the timeline grows in this process, and on a poll.
 * Never from an event's payload, so every stream sees exactly what was committed, in order.
 */
export class ActivityStreams {
  private readonly streams = new Set<Stream>();
  private readonly pollTimer: NodeJS.Timeout;
  private readonly heartbeatTimer: NodeJS.Timeout;
  private polling = false;
  private closed = false;

  constructor(private readonly options: ActivityStreamsOptions) {
    this.pollTimer = setInterval(() => void this.poll(), options.pollMs ?? DEFAULT_POLL_MS);
    this.heartbeatTimer = setInterval(() => this.heartbeat(), options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
    this.pollTimer.unref();
    this.heartbeatTimer.unref();
  }

  /** Starts streaming a visitor's timeline after `watermark` to a socket that has just connected. */
  attach(socket: WebSocket, session: DirectLineSession, watermark: number): void {
    if (this.closed) {
      socket.close(1001, 'Lantern is restarting');
      return;
    }
    const stream: Stream = {
      socket,
      session,
      lastSeq: watermark,
      lastSentId: null,
      timelineId: null,
      alive: true,
      flushing: null,
      flushAgain: false,
      stopListening: () => {},
    };
    this.streams.add(stream);
    socket.on('pong', () => (stream.alive = true));
    // Web Chat sends empty messages to keep the line open; they say it is alive and nothing else.
    socket.on('message', () => (stream.alive = true));
    socket.on('error', (error) => this.options.logger.debug({ err: error }, 'web chat socket error'));
    socket.on('close', () => this.detach(stream));
    void this.flush(stream);
  }

  /** Wakes the streams of one web chat now (its visitor has just posted). */
  wake(directLineConversationId: string): void {
    for (const stream of this.streams) if (stream.session.conversationId === directLineConversationId) void this.flush(stream);
  }

  /** Shows texts once on any open stream of a web chat, stored nowhere and with no watermark. */
  deliverUnrecorded(directLineConversationId: string, texts: string[]): number {
    const now = this.options.clock.now();
    let reached = 0;
    for (const stream of this.streams) {
      if (stream.session.conversationId !== directLineConversationId) continue;
      this.send(stream, { activities: texts.map((text) => unrecordedActivity(directLineConversationId, text, now)) });
      reached += 1;
    }
    return reached;
  }

  /** Stops the timers and closes every socket (waiting at most a second for each to say goodbye). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.pollTimer);
    clearInterval(this.heartbeatTimer);
    await Promise.all([...this.streams].map((stream) => closeSocket(stream.socket)));
    for (const stream of [...this.streams]) this.detach(stream);
  }

  private detach(stream: Stream): void {
    stream.stopListening();
    this.streams.delete(stream);
  }

  private flush(stream: Stream): Promise<void> {
    if (stream.flushing) {
      stream.flushAgain = true;
      return stream.flushing;
    }
    stream.flushing = (async () => {
      do {
        stream.flushAgain = false;
        await this.sendNewMessages(stream);
      } while (stream.flushAgain && this.streams.has(stream));
    })()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'web chat stream could not read the timeline; the next poll retries'))
      .finally(() => (stream.flushing = null));
    return stream.flushing;
  }

  private async sendNewMessages(stream: Stream): Promise<void> {
    const { db } = this.options;
    const timeline = await findTimeline(db, stream.session.conversationId);
    if (!timeline) return;
    if (timeline.id !== stream.timelineId) await this.follow(stream, timeline);
    for (;;) {
      if (!this.streams.has(stream)) return;
      const messages = await readMessagesAfter(db, timeline, stream.lastSeq);
      const last = messages.at(-1);
      if (!last) return;
      const activities: OutgoingActivity[] = messages.map((message) => toActivity(message, stream.session));
      stream.lastSeq = last.seq;
      stream.lastSentId = last.id;
      // Messages committed since the timeline was read are not a renumbering.
      timeline.messageCount = Math.max(timeline.messageCount, last.seq);
      this.send(stream, { activities, watermark: String(last.seq) });
      if (messages.length < MAX_ACTIVITIES_PER_READ) return;
    }
  }

  /**
   * The visitor's timeline is new to this stream: their first message, or their web chat moved to
   * another timeline (joined with their texts, or started afresh after erasing their data). Listen
   * to the new one, and carry on after the last message sent if it is still there, renumbered.
   */
  private async follow(stream: Stream, timeline: Timeline): Promise<void> {
    if (stream.timelineId !== null) {
      const lastSent = stream.lastSentId
        ? await this.options.db.message.findUnique({ where: { id: stream.lastSentId }, select: { seq: true, conversationId: true } })
        : null;
      stream.lastSeq = lastSent?.conversationId === timeline.id ? lastSent.seq : 0;
    }
    stream.stopListening();
    stream.timelineId = timeline.id;
    stream.stopListening = this.options.events.onConversation(timeline.id, () => void this.flush(stream));
  }

  private send(stream: Stream, payload: { activities: OutgoingActivity[]; watermark?: string }): void {
    const { socket } = stream;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      socket.terminate();
      return;
    }
    socket.send(JSON.stringify(payload));
  }

  private async poll(): Promise<void> {
    if (this.polling || this.streams.size === 0) return;
    this.polling = true;
    try {
      const ids = [...new Set([...this.streams].map((stream) => stream.session.conversationId))];
      for (let start = 0; start < ids.length; start += POLL_BATCH) {
        const timelines = await findTimelines(this.options.db, ids.slice(start, start + POLL_BATCH));
        for (const stream of this.streams) {
          const timeline = timelines.get(stream.session.conversationId);
          if (timeline && (timeline.id !== stream.timelineId || timeline.messageCount > stream.lastSeq)) void this.flush(stream);
        }
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'web chat streams could not poll the database');
    } finally {
      this.polling = false;
    }
  }

  private heartbeat(): void {
    for (const stream of this.streams) {
      if (!stream.alive) {
        stream.socket.terminate();
        continue;
      }
      stream.alive = false;
      if (stream.socket.readyState === stream.socket.OPEN) stream.socket.ping();
    }
  }
}

function closeSocket(socket: WebSocket): Promise<void> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => socket.terminate(), 1000);
    force.unref();
    socket.once('close', () => {
      clearTimeout(force);
      resolve();
    });
    socket.close(1001, 'Lantern is restarting');
  });
}
