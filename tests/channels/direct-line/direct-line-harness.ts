import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import WebSocket from 'ws';
import { buildApp } from '../../../src/app';
import { createDirectLineChannel, type DirectLineChannel } from '../../../src/channels/direct-line';
import type { ChannelDependencies } from '../../../src/channels/channel-dependencies';
import type { ChannelModule } from '../../../src/channels/channel-module';
import type { Config } from '../../../src/config/load-config';
import type { Db, Message } from '../../../src/db/client';
import type { Clock } from '../../../src/lib/clock';
import { InFlight } from '../../../src/lib/in-flight';
import { createOrganisation } from '../../../src/domain/organisations/create-organisation';
import { silentLogger } from '../../../src/lib/logger';
import { commitReplies } from '../../../src/messaging/commit-replies';
import { MessageEvents } from '../../../src/messaging/message-events';
import { request } from '../../helpers/http';
import { testConfig } from '../../helpers/test-config';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';
import { waitFor } from '../../helpers/wait-for';

/** Real time, moved forward on demand (to expire tokens). */
export function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => (offset += ms) };
}

/** MessageEvents that counts the per-conversation listeners still attached. */
export class CountingEvents extends MessageEvents {
  listening = 0;

  override onConversation(conversationId: string, listener: Parameters<MessageEvents['onConversation']>[1]): () => void {
    const stop = super.onConversation(conversationId, listener);
    this.listening += 1;
    let stopped = false;
    return () => {
      if (!stopped) this.listening -= 1;
      stopped = true;
      stop();
    };
  }
}

export interface DirectLineHarness {
  url: string;
  db: Db;
  config: Readonly<Config>;
  clock: ReturnType<typeof movableClock>;
  events: CountingEvents;
  channel: DirectLineChannel;
  /** Waits until every bot answer started so far is committed (or has failed). */
  answered(): Promise<void>;
  /** Answers that failed; the real turn runner would log them and leave the message for recovery. */
  answerErrors: unknown[];
  /** A new web chat visitor: their conversation id and token. */
  visitor(): Promise<{ conversationId: string; token: string }>;
  post(conversationId: string, token: string, activity: unknown): Promise<{ status: number; body: any }>;
  activities(conversationId: string, token: string, watermark?: string): Promise<{ status: number; body: any }>;
  /** Lantern writes first (a coach, a check-in); with `announce: false`, as another instance would (no event here). */
  writeFirst(personId: string, body: string, options?: { author?: 'BOT' | 'COACH'; announce?: boolean }): Promise<Message>;
  close(): Promise<void>;
}

/**
 * The Direct Line channel mounted on the real app, over a fresh database, with a bot that
 * answers "echo: <text>" through the same commit path as Lantern's real bot.
 */
export async function startDirectLineHarness(
  options: { pollMs?: number; heartbeatMs?: number; alongside?: (config: Readonly<Config>) => ChannelModule[] } = {},
): Promise<DirectLineHarness> {
  const database: TestDatabase = await createTestDatabase();
  const { db } = database;
  // Web chat visitors join the first organisation (there is no number to choose one by).
  await createOrganisation(db, { name: 'Lantern test practice' });
  const config = testConfig(database.config, { SESSION_SECRET: 'a-test-secret-that-is-long-enough-1234567890', PUBLIC_BASE_URL: 'http://lantern.test' });
  const clock = movableClock();
  const events = new CountingEvents();
  const pending = new Set<Promise<void>>();
  const answerErrors: unknown[] = [];

  const answer = async (message: Pick<Message, 'id' | 'personId'>) => {
    const stored = await db.message.findUniqueOrThrow({ where: { id: message.id } });
    const outcome = await commitReplies(
      db,
      { personId: stored.personId, conversationId: stored.conversationId, answering: stored.id, replies: [{ channel: 'WEB_CHAT', author: 'BOT', body: `echo: ${stored.body}` }] },
      clock,
    );
    if (outcome.outcome === 'committed') events.appended({ conversationId: stored.conversationId, personId: stored.personId, channel: 'WEB_CHAT' });
  };
  const deps: ChannelDependencies = {
    config,
    db,
    clock,
    logger: silentLogger,
    events,
    inFlight: new InFlight(),
    // Like the real turn runner, never rejects: a failed answer is kept for the test to see.
    answer: (message) => {
      const work = answer(message).catch((error: unknown) => void answerErrors.push(error));
      pending.add(work);
      return work.finally(() => pending.delete(work));
    },
  };
  const channel = createDirectLineChannel(deps, { pollMs: options.pollMs ?? 150, heartbeatMs: options.heartbeatMs ?? 60_000 });
  const server: Server = buildApp({
    config,
    database: { db, provider: database.config.provider, close: async () => {} },
    logger: silentLogger,
    expectedMigrations: [],
    channels: [channel, ...(options.alongside?.(config) ?? [])],
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const api = `${url}/v3/directline`;
  const json = (token: string | null, body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

  return {
    url,
    db,
    config,
    clock,
    events,
    channel,
    answerErrors,
    answered: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    visitor: async () => {
      const { status, body } = await request(`${api}/tokens/generate`, json(null, {}));
      if (status !== 200) throw new Error(`generate answered ${status}`);
      return { conversationId: body.conversationId, token: body.token };
    },
    post: (conversationId, token, activity) => request(`${api}/conversations/${conversationId}/activities`, json(token, activity)),
    activities: (conversationId, token, watermark) =>
      request(`${api}/conversations/${conversationId}/activities${watermark === undefined ? '' : `?watermark=${watermark}`}`, {
        headers: { Authorization: `Bearer ${token}` },
      }),
    writeFirst: async (personId, body, writeOptions = {}) => {
      const conversation = await db.conversation.findUniqueOrThrow({ where: { personId } });
      const outcome = await commitReplies(
        db,
        { personId, conversationId: conversation.id, replies: [{ channel: 'WEB_CHAT', author: writeOptions.author ?? 'COACH', body }] },
        clock,
      );
      if (outcome.outcome !== 'committed') throw new Error(`could not write first: ${outcome.outcome}`);
      if (writeOptions.announce !== false) events.appended({ conversationId: conversation.id, personId, channel: 'WEB_CHAT' });
      return outcome.messages[0] as Message;
    },
    close: async () => {
      await channel.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      while (pending.size > 0) await Promise.all([...pending]);
      await database.destroy();
    },
  };
}

/** A message activity as Web Chat posts it. */
export function webChatMessage(text: string, clientActivityID = `client-${Math.random().toString(36).slice(2)}`) {
  return {
    type: 'message',
    text,
    textFormat: 'plain',
    locale: 'en-GB',
    from: { id: 'someone-else-entirely', role: 'user' },
    channelData: { clientActivityID, clientTimestamp: new Date().toISOString() },
  };
}

export interface StreamedActivity {
  type: string;
  id: string;
  text: string;
  from: { id: string; name?: string; role: string };
  channelData?: { clientActivityID?: string };
}

/** A Direct Line WebSocket as Web Chat holds it: every frame kept, in order. */
export class StreamClient {
  readonly frames: { activities: StreamedActivity[]; watermark?: string }[] = [];
  readonly socket: WebSocket;
  closed: { code: number } | null = null;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      const text = data.toString();
      if (text) this.frames.push(JSON.parse(text));
    });
    socket.on('close', (code) => (this.closed = { code }));
  }

  /** Opens the stream; rejects with the HTTP status if the handshake is refused. */
  static open(streamUrl: string): Promise<StreamClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(streamUrl);
      socket.once('open', () => resolve(new StreamClient(socket)));
      socket.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`refused with ${res.statusCode}`), { status: res.statusCode })));
      socket.once('error', reject);
    });
  }

  get activities(): StreamedActivity[] {
    return this.frames.flatMap((frame) => frame.activities);
  }

  get watermark(): string | undefined {
    return this.frames.filter((frame) => frame.watermark !== undefined).at(-1)?.watermark;
  }

  waitForActivities(count: number, what = `${count} activities`): Promise<StreamedActivity[]> {
    return waitFor(async () => (this.activities.length >= count ? this.activities : null), what);
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** The stream URL a client gets from POST /conversations (or GET for a watermark). */
export async function streamUrlFor(harness: DirectLineHarness, conversationId: string, token: string, watermark?: string): Promise<string> {
  const api = `${harness.url}/v3/directline/conversations`;
  const { status, body } =
    watermark === undefined
      ? await request(api, { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
      : await request(`${api}/${conversationId}?watermark=${watermark}`, { headers: { Authorization: `Bearer ${token}` } });
  if (status !== 200 && status !== 201) throw new Error(`conversation answered ${status}: ${JSON.stringify(body)}`);
  return body.streamUrl;
}
