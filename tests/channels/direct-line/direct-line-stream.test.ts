import WebSocket from 'ws';
import { testProvider } from '../../helpers/test-database';
import { waitFor } from '../../helpers/wait-for';
import { startDirectLineHarness, StreamClient, streamUrlFor, webChatMessage, type DirectLineHarness } from './direct-line-harness';

describe(`Direct Line WebSocket stream on ${testProvider}`, () => {
  let dl: DirectLineHarness;

  beforeAll(async () => {
    // A slow poll, so the tests that rely on events prove the events work.
    dl = await startDirectLineHarness({ pollMs: 60_000 });
  });
  afterAll(() => dl.close());

  async function personBehind(conversationId: string): Promise<string> {
    const address = await dl.db.channelAddress.findUniqueOrThrow({ where: { channel_address: { channel: 'WEB_CHAT', address: conversationId } } });
    return address.personId;
  }
  const seqsOf = (stream: StreamClient) => stream.frames.filter((f) => f.watermark !== undefined).map((f) => Number(f.watermark));

  it('streams the echo (with its clientActivityID), the reply, and later messages without reconnecting', async () => {
    const visitor = await dl.visitor();
    const stream = await StreamClient.open(await streamUrlFor(dl, visitor.conversationId, visitor.token));
    try {
      const posted = await dl.post(visitor.conversationId, visitor.token, webChatMessage('hello 👋', 'client-1'));
      const [echo, reply] = await stream.waitForActivities(2, 'the echo and the reply');
      expect(echo).toMatchObject({ id: posted.body.id, text: 'hello 👋', from: { role: 'user' }, channelData: { clientActivityID: 'client-1' } });
      expect(reply).toMatchObject({ text: 'echo: hello 👋', from: { id: 'lantern', role: 'bot' } });

      const coach = await dl.writeFirst(await personBehind(visitor.conversationId), 'Hello, it is Sam, your coach.');
      const activities = await stream.waitForActivities(3, 'the coach message');
      expect(activities[2]).toMatchObject({ id: coach.id, text: 'Hello, it is Sam, your coach.', from: { name: 'Your coach', role: 'bot' } });
      expect(stream.watermark).toBe('3');
      expect(activities.map((a) => a.id)).toEqual([...new Set(activities.map((a) => a.id))]);
    } finally {
      await stream.close();
    }
  });

  it("sends what another instance wrote (no event here) at the next poll", async () => {
    const polling = await startDirectLineHarness({ pollMs: 100 });
    try {
      const visitor = await polling.visitor();
      await polling.post(visitor.conversationId, visitor.token, webChatMessage('are you there?'));
      await polling.answered();
      const stream = await StreamClient.open(await streamUrlFor(polling, visitor.conversationId, visitor.token));
      await stream.waitForActivities(2);
      const address = await polling.db.channelAddress.findUniqueOrThrow({ where: { channel_address: { channel: 'WEB_CHAT', address: visitor.conversationId } } });
      await polling.writeFirst(address.personId, 'A reply written elsewhere', { announce: false });
      const activities = await stream.waitForActivities(3, 'the polled message');
      expect(activities[2]?.text).toBe('A reply written elsewhere');
      await stream.close();
    } finally {
      await polling.close();
    }
  });

  it('never sends a message twice on one socket, however often it is woken', async () => {
    const visitor = await dl.visitor();
    const stream = await StreamClient.open(await streamUrlFor(dl, visitor.conversationId, visitor.token));
    try {
      await dl.post(visitor.conversationId, visitor.token, webChatMessage('first'));
      await stream.waitForActivities(2);
      const personId = await personBehind(visitor.conversationId);
      const conversation = await dl.db.conversation.findUniqueOrThrow({ where: { personId } });
      const writes = Array.from({ length: 5 }, (_, i) => dl.writeFirst(personId, `burst ${i}`));
      for (let i = 0; i < 20; i += 1) dl.events.appended({ conversationId: conversation.id, personId, channel: 'WEB_CHAT' });
      await Promise.all(writes);
      const activities = await stream.waitForActivities(7, 'the burst');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(stream.activities).toHaveLength(7);
      expect(new Set(activities.map((a) => a.id)).size).toBe(7);
      const seqs = seqsOf(stream);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(activities.slice(2).map((a) => a.text).sort()).toEqual(['burst 0', 'burst 1', 'burst 2', 'burst 3', 'burst 4']);
    } finally {
      await stream.close();
    }
  });

  it('replays history on connect, and after a reconnect sends only what is newer than the watermark', async () => {
    const visitor = await dl.visitor();
    for (const text of ['one', 'two']) {
      await dl.post(visitor.conversationId, visitor.token, webChatMessage(text));
      await dl.answered();
    }
    const first = await StreamClient.open(await streamUrlFor(dl, visitor.conversationId, visitor.token));
    expect((await first.waitForActivities(4)).map((a) => a.text)).toEqual(['one', 'echo: one', 'two', 'echo: two']);
    const watermark = first.watermark as string;
    await first.close();

    await dl.writeFirst(await personBehind(visitor.conversationId), 'while you were away');
    const again = await StreamClient.open(await streamUrlFor(dl, visitor.conversationId, visitor.token, watermark));
    try {
      expect((await again.waitForActivities(1)).map((a) => a.text)).toEqual(['while you were away']);
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(again.activities).toHaveLength(1);
      expect(again.watermark).toBe('5');
    } finally {
      await again.close();
    }
  });

  it("follows the visitor's first message even though the stream opened before they had a timeline", async () => {
    const visitor = await dl.visitor();
    const stream = await StreamClient.open(await streamUrlFor(dl, visitor.conversationId, visitor.token));
    try {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(stream.frames).toEqual([]);
      await dl.post(visitor.conversationId, visitor.token, webChatMessage('my very first words'));
      expect((await stream.waitForActivities(2)).map((a) => a.text)).toEqual(['my very first words', 'echo: my very first words']);
    } finally {
      await stream.close();
    }
  });

  it('refuses the handshake for a forged, expired or other-conversation token with 403', async () => {
    const alice = await dl.visitor();
    const bob = await dl.visitor();
    const url = new URL(await streamUrlFor(dl, alice.conversationId, alice.token));
    const withToken = (token: string) => {
      const copy = new URL(url);
      copy.searchParams.set('t', token);
      return copy.toString();
    };
    await expect(StreamClient.open(withToken(bob.token))).rejects.toMatchObject({ status: 403 });
    await expect(StreamClient.open(withToken(`${alice.token}x`))).rejects.toMatchObject({ status: 403 });
    const noToken = new URL(url);
    noToken.searchParams.delete('t');
    await expect(StreamClient.open(noToken.toString())).rejects.toMatchObject({ status: 403 });
    const badWatermark = new URL(url);
    badWatermark.searchParams.set('watermark', '-1');
    await expect(StreamClient.open(badWatermark.toString())).rejects.toMatchObject({ status: 400 });
    await expect(StreamClient.open(`ws://${new URL(dl.url).host}/v3/directline/elsewhere`)).rejects.toMatchObject({ status: 404 });
    dl.clock.advance(2 * 60 * 60 * 1000);
    try {
      await expect(StreamClient.open(url.toString())).rejects.toMatchObject({ status: 403 });
    } finally {
      dl.clock.advance(-2 * 60 * 60 * 1000);
    }
    // The same URL still works once the clock is back: the refusals were the token's, not the server's.
    const stream = await StreamClient.open(url.toString());
    await stream.close();
  });

  it('delivers unrecorded messages to an open socket, without a watermark and without storing them', async () => {
    const visitor = await dl.visitor();
    await dl.post(visitor.conversationId, visitor.token, webChatMessage('delete my data'));
    await dl.answered();
    const stream = await StreamClient.open(await streamUrlFor(dl, visitor.conversationId, visitor.token));
    try {
      await stream.waitForActivities(2);
      const before = await dl.db.message.count();
      await dl.channel.deliverUnrecorded({ conversation: { id: visitor.conversationId, isGroup: false, name: '', conversationType: 'personal' } }, [
        'Everything is deleted.',
        'Take care 💛',
      ]);
      const activities = await stream.waitForActivities(4, 'the unrecorded goodbye');
      expect(activities.slice(2)).toEqual([
        expect.objectContaining({ type: 'message', text: 'Everything is deleted.', from: expect.objectContaining({ role: 'bot' }) }),
        expect.objectContaining({ type: 'message', text: 'Take care 💛' }),
      ]);
      expect(stream.frames.at(-1)?.watermark).toBeUndefined();
      expect(await dl.db.message.count()).toBe(before);
    } finally {
      await stream.close();
    }
  });

  it('after the visitor erases their data and writes again, streams the new timeline from its start', async () => {
    const visitor = await dl.visitor();
    await dl.post(visitor.conversationId, visitor.token, webChatMessage('old life'));
    await dl.answered();
    const stream = await StreamClient.open(await streamUrlFor(dl, visitor.conversationId, visitor.token));
    try {
      await stream.waitForActivities(2);
      await dl.db.person.delete({ where: { id: await personBehind(visitor.conversationId) } });
      await dl.post(visitor.conversationId, visitor.token, webChatMessage('new start'));
      const activities = await stream.waitForActivities(4, 'the new timeline');
      expect(activities.slice(2).map((a) => a.text)).toEqual(['new start', 'echo: new start']);
      expect(stream.watermark).toBe('2');
    } finally {
      await stream.close();
    }
  });

  it('stops listening for a conversation when its socket closes', async () => {
    const visitor = await dl.visitor();
    await dl.post(visitor.conversationId, visitor.token, webChatMessage('hi'));
    await dl.answered();
    const before = dl.events.listening;
    const streams = await Promise.all([1, 2, 3].map(async () => StreamClient.open(await streamUrlFor(dl, visitor.conversationId, visitor.token))));
    await Promise.all(streams.map((s) => s.waitForActivities(2)));
    expect(dl.events.listening).toBe(before + 3);
    await Promise.all(streams.map((s) => s.close()));
    await waitFor(async () => dl.events.listening === before, 'the listeners to go');
    // A socket dropped without a goodbye is cleaned up too.
    const dropped = await StreamClient.open(await streamUrlFor(dl, visitor.conversationId, visitor.token));
    await dropped.waitForActivities(2);
    expect(dl.events.listening).toBe(before + 1);
    dropped.socket.terminate();
    await waitFor(async () => dl.events.listening === before, 'the dropped listener to go');
  });

  it('pings open sockets and closes every socket when the channel closes', async () => {
    const own = await startDirectLineHarness({ heartbeatMs: 50 });
    try {
      const visitor = await own.visitor();
      const stream = await StreamClient.open(await streamUrlFor(own, visitor.conversationId, visitor.token));
      let pings = 0;
      stream.socket.on('ping', () => (pings += 1));
      await waitFor(async () => pings >= 2, 'two pings');
      expect(stream.socket.readyState).toBe(WebSocket.OPEN);
      await own.channel.close();
      await waitFor(async () => stream.closed, 'the socket to close');
      expect(stream.closed?.code).toBe(1001);
    } finally {
      await own.close();
    }
  });
});
