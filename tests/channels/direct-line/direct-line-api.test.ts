import { MAX_INBOUND_LENGTH } from '../../../src/messaging/record-inbound';
import { request } from '../../helpers/http';
import { testProvider } from '../../helpers/test-database';
import { startDirectLineHarness, webChatMessage, type DirectLineHarness } from './direct-line-harness';

const HOUR = 60 * 60 * 1000;

describe(`Direct Line API on ${testProvider}`, () => {
  let dl: DirectLineHarness;
  let api: string;

  beforeAll(async () => {
    dl = await startDirectLineHarness();
    api = `${dl.url}/v3/directline`;
  });
  afterAll(() => dl.close());
  afterEach(() => {
    expect(dl.answerErrors).toEqual([]);
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    request(`${api}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  /** The person's timeline as stored, oldest first. */
  async function stored(conversationId: string) {
    const address = await dl.db.channelAddress.findUnique({ where: { channel_address: { channel: 'WEB_CHAT', address: conversationId } } });
    if (!address) return [];
    return dl.db.message.findMany({ where: { personId: address.personId }, orderBy: { seq: 'asc' } });
  }

  describe('tokens', () => {
    it('generates a new conversation and token for anyone who opens the chat', async () => {
      const first = await postJson('/tokens/generate', {});
      const second = await postJson('/tokens/generate', { ref: 'PRACTICE-42_x' });
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ conversationId: expect.stringMatching(/^[A-Za-z0-9_-]{24,}$/), token: expect.any(String), expires_in: 3600 });
      expect(second.status).toBe(200);
      expect(second.body.conversationId).not.toBe(first.body.conversationId);
      // Nothing is stored until the visitor writes.
      expect(await dl.db.channelAddress.count({ where: { address: first.body.conversationId } })).toBe(0);
    });

    it('generates with no body at all, and refuses a referral code that cannot be one', async () => {
      const bare = await request(`${api}/tokens/generate`, { method: 'POST' });
      expect(bare.status).toBe(200);
      const odd = await postJson('/tokens/generate', { ref: '<script>alert(1)</script>' });
      expect(odd.status).toBe(400);
      expect(odd.body.error.message).toMatch(/ref/);
    });

    it('refreshes a token for the same conversation, and the new one works', async () => {
      const visitor = await dl.visitor();
      const refreshed = await postJson('/tokens/refresh', {}, bearer(visitor.token));
      expect(refreshed.status).toBe(200);
      expect(refreshed.body).toEqual({ conversationId: visitor.conversationId, token: expect.any(String), expires_in: 3600 });
      const posted = await dl.post(visitor.conversationId, refreshed.body.token, webChatMessage('with the refreshed token'));
      expect(posted.status).toBe(200);
    });

    it('refuses to refresh a forged token (403) or none (401)', async () => {
      const visitor = await dl.visitor();
      const forged = `${visitor.token.slice(0, -4)}AAAA`;
      expect((await postJson('/tokens/refresh', {}, bearer(forged))).status).toBe(403);
      expect((await postJson('/tokens/refresh', {}, bearer('not-a-token'))).status).toBe(403);
      const none = await postJson('/tokens/refresh', {});
      expect(none.status).toBe(401);
      expect(none.body.error.message).toMatch(/token/);
    });

    it('refuses an expired token everywhere but refresh, which resumes the same conversation', async () => {
      const visitor = await dl.visitor();
      expect((await dl.post(visitor.conversationId, visitor.token, webChatMessage('before the break'))).status).toBe(200);
      await dl.answered();
      dl.clock.advance(3 * 24 * HOUR);
      try {
        const late = await dl.post(visitor.conversationId, visitor.token, webChatMessage('too late'));
        expect(late.status).toBe(403);
        expect(late.body.error.message).toMatch(/expired/);
        expect((await dl.activities(visitor.conversationId, visitor.token)).status).toBe(403);
        const resumed = await postJson('/tokens/refresh', {}, bearer(visitor.token));
        expect(resumed.status).toBe(200);
        expect(resumed.body.conversationId).toBe(visitor.conversationId);
        const history = await dl.activities(visitor.conversationId, resumed.body.token);
        expect(history.body.activities.map((a: { text: string }) => a.text)).toEqual(['before the break', 'echo: before the break']);
      } finally {
        dl.clock.advance(-3 * 24 * HOUR);
      }
    });

    it('refuses to refresh a token last issued more than 30 days ago', async () => {
      const visitor = await dl.visitor();
      dl.clock.advance(31 * 24 * HOUR);
      try {
        const refused = await postJson('/tokens/refresh', {}, bearer(visitor.token));
        expect(refused.status).toBe(403);
        expect(refused.body.error.message).toMatch(/start again/i);
      } finally {
        dl.clock.advance(-31 * 24 * HOUR);
      }
    });

    it("refuses a token for another visitor's conversation", async () => {
      const alice = await dl.visitor();
      const bob = await dl.visitor();
      await dl.post(alice.conversationId, alice.token, webChatMessage('only for Alice'));
      const reading = await dl.activities(alice.conversationId, bob.token);
      expect(reading.status).toBe(403);
      expect(reading.body.error.message).toMatch(/different conversation/);
      expect((await dl.post(alice.conversationId, bob.token, webChatMessage('pretending to be Alice'))).status).toBe(403);
      const resuming = await request(`${api}/conversations/${alice.conversationId}?watermark=0`, { headers: bearer(bob.token) });
      expect(resuming.status).toBe(403);
      expect((await stored(alice.conversationId)).map((m) => m.body)).not.toContain('pretending to be Alice');
    });
  });

  describe('conversations', () => {
    it('starts with a stream URL on the host the visitor used, and resumes from a watermark', async () => {
      const visitor = await dl.visitor();
      const started = await request(`${api}/conversations`, { method: 'POST', headers: bearer(visitor.token) });
      expect(started.status).toBe(201);
      expect(started.body).toEqual({ conversationId: visitor.conversationId, token: expect.any(String), expires_in: 3600, streamUrl: expect.any(String) });
      const stream = new URL(started.body.streamUrl);
      expect(`${stream.protocol}//${stream.host}${stream.pathname}`).toBe(`ws://${new URL(dl.url).host}/v3/directline/conversations/${visitor.conversationId}/stream`);
      expect(stream.searchParams.get('watermark')).toBe('0');
      expect(stream.searchParams.get('t')).toBe(started.body.token);

      const resumed = await request(`${api}/conversations/${visitor.conversationId}?watermark=7`, { headers: bearer(visitor.token) });
      expect(resumed.status).toBe(200);
      expect(new URL(resumed.body.streamUrl).searchParams.get('watermark')).toBe('7');
      const junk = await request(`${api}/conversations/${visitor.conversationId}?watermark=seven`, { headers: bearer(visitor.token) });
      expect(junk.status).toBe(400);
    });
  });

  describe('posting messages', () => {
    it('stores a message once under the visitor from the token, and answers with its id', async () => {
      const visitor = await dl.visitor();
      const posted = await dl.post(visitor.conversationId, visitor.token, webChatMessage('hello there', 'abc-1'));
      expect(posted.status).toBe(200);
      await dl.answered();
      const [message, reply] = await stored(visitor.conversationId);
      expect(posted.body).toEqual({ id: message?.id });
      expect(message).toMatchObject({
        body: 'hello there',
        channel: 'WEB_CHAT',
        direction: 'INBOUND',
        seq: 1,
        providerMessageId: `dl:${visitor.conversationId}:abc-1`,
        status: 'HANDLED',
      });
      expect(reply).toMatchObject({ body: 'echo: hello there', direction: 'OUTBOUND', seq: 2 });
      const address = await dl.db.channelAddress.findUniqueOrThrow({ where: { channel_address: { channel: 'WEB_CHAT', address: visitor.conversationId } } });
      // Web Chat's own from.id ("someone-else-entirely") is ignored: the user is the token's.
      expect(JSON.parse(address.reference ?? '{}')).toEqual({
        channelId: 'directline',
        user: { id: visitor.conversationId, name: '' },
        bot: { id: 'lantern', name: 'Lantern' },
        conversation: expect.objectContaining({ id: visitor.conversationId }),
        serviceUrl: 'http://lantern.test',
      });
    });

    it('treats a retried post (same clientActivityID) as the same message', async () => {
      const visitor = await dl.visitor();
      const first = await dl.post(visitor.conversationId, visitor.token, webChatMessage('only once please', 'retry-me'));
      const again = await dl.post(visitor.conversationId, visitor.token, webChatMessage('only once please', 'retry-me'));
      await dl.answered();
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      expect((await stored(visitor.conversationId)).map((m) => m.body)).toEqual(['only once please', 'echo: only once please']);
    });

    it('stores one message when a retry races the first post', async () => {
      const visitor = await dl.visitor();
      const posts = await Promise.all(
        Array.from({ length: 4 }, () => dl.post(visitor.conversationId, visitor.token, webChatMessage('at the same moment', 'racing'))),
      );
      await dl.answered();
      expect(posts.map((p) => p.status)).toEqual([200, 200, 200, 200]);
      expect(new Set(posts.map((p) => p.body.id)).size).toBe(1);
      // Stored and answered once, with no deadlock between a duplicate insert and the answer.
      expect((await stored(visitor.conversationId)).map((m) => m.body)).toEqual(['at the same moment', 'echo: at the same moment']);
    });

    it('keeps two visitors who happen to use the same clientActivityID apart', async () => {
      const alice = await dl.visitor();
      const bob = await dl.visitor();
      const fromAlice = await dl.post(alice.conversationId, alice.token, webChatMessage('from Alice', 'same-id'));
      const fromBob = await dl.post(bob.conversationId, bob.token, webChatMessage('from Bob', 'same-id'));
      expect(fromBob.body.id).not.toBe(fromAlice.body.id);
      expect((await stored(bob.conversationId))[0]?.body).toBe('from Bob');
    });

    it('accepts typing and other non-message activities and stores nothing', async () => {
      const visitor = await dl.visitor();
      for (const activity of [{ type: 'typing' }, { type: 'conversationUpdate', membersAdded: [{ id: 'x' }] }, { type: 'event', name: 'webchat/join' }]) {
        const posted = await dl.post(visitor.conversationId, visitor.token, activity);
        expect(posted.status).toBe(200);
        expect(posted.body.id).toEqual(expect.any(String));
      }
      expect(await stored(visitor.conversationId)).toEqual([]);
    });

    it.each([
      ['empty text', { type: 'message', text: '' }, 400, /empty/],
      ['only spaces and new lines', { type: 'message', text: '  \n\t ' }, 400, /empty/],
      ['no text at all', { type: 'message' }, 400, /empty/],
      ['text one character too long', { type: 'message', text: 'x'.repeat(MAX_INBOUND_LENGTH + 1) }, 400, /too long/],
      ['a picture', { type: 'message', text: 'look', attachments: [{ contentType: 'image/png', contentUrl: 'blob:x' }] }, 400, /Pictures and files/],
      ['no type', { text: 'hi' }, 400, /type/],
      ['text that is not text', { type: 'message', text: { evil: true } }, 400, /text/],
      ['a body that is not an object', ['message'], 400, /./],
    ])('refuses %s with a clear message', async (_what, activity, status, message) => {
      const visitor = await dl.visitor();
      const posted = await dl.post(visitor.conversationId, visitor.token, activity);
      expect(posted.status).toBe(status);
      expect(posted.body.error.message).toMatch(message);
      expect(await stored(visitor.conversationId)).toEqual([]);
    });

    it('refuses a conversation id that cannot be one', async () => {
      const visitor = await dl.visitor();
      for (const id of ['%F0%9F%98%80', 'a'.repeat(101), '..%2F..%2Fetc']) {
        const read = await dl.activities(id, visitor.token);
        expect([400, 404]).toContain(read.status);
        expect(read.body.error).toEqual(expect.objectContaining({ message: expect.any(String) }));
      }
    });

    it('refuses a huge post with 413 and broken JSON with 400, and keeps working', async () => {
      const visitor = await dl.visitor();
      const url = `${api}/conversations/${visitor.conversationId}/activities`;
      const headers = { 'Content-Type': 'application/json', ...bearer(visitor.token) };
      const huge = await request(url, { method: 'POST', headers, body: JSON.stringify({ type: 'message', text: 'x'.repeat(2_000_000) }) });
      expect(huge.status).toBe(413);
      expect(huge.body.error.message).toEqual(expect.any(String));
      const broken = await request(url, { method: 'POST', headers, body: '{"type": "message", "text": ' });
      expect(broken.status).toBe(400);
      expect((await dl.post(visitor.conversationId, visitor.token, webChatMessage('still here'))).status).toBe(200);
    });

    it('takes the longest message Lantern keeps, even all emoji', async () => {
      const visitor = await dl.visitor();
      const longest = '🌱'.repeat(MAX_INBOUND_LENGTH / 2);
      expect(longest.length).toBe(MAX_INBOUND_LENGTH);
      const posted = await dl.post(visitor.conversationId, visitor.token, webChatMessage(longest));
      expect(posted.status).toBe(200);
      expect((await stored(visitor.conversationId))[0]?.body).toBe(longest);
    });
  });

  describe('reading activities', () => {
    it('returns nothing, at watermark 0, before the visitor has written', async () => {
      const visitor = await dl.visitor();
      const read = await dl.activities(visitor.conversationId, visitor.token);
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ activities: [], watermark: '0' });
    });

    it('returns the timeline in order after the watermark, with no repeats', async () => {
      const visitor = await dl.visitor();
      for (const [index, text] of ['one', 'two', 'three'].entries()) {
        await dl.post(visitor.conversationId, visitor.token, webChatMessage(text, `c${index}`));
        await dl.answered();
      }
      const all = await dl.activities(visitor.conversationId, visitor.token);
      expect(all.body.watermark).toBe('6');
      expect(all.body.activities.map((a: { text: string }) => a.text)).toEqual(['one', 'echo: one', 'two', 'echo: two', 'three', 'echo: three']);
      const [echo, reply] = all.body.activities;
      expect(echo).toEqual({
        type: 'message',
        id: expect.any(String),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        channelId: 'directline',
        conversation: { id: visitor.conversationId },
        from: { id: visitor.conversationId, role: 'user' },
        text: 'one',
        channelData: { clientActivityID: 'c0' },
      });
      expect(reply).toMatchObject({ from: { id: 'lantern', name: 'Lantern', role: 'bot' }, text: 'echo: one' });
      expect(reply.channelData).toBeUndefined();

      const later = await dl.activities(visitor.conversationId, visitor.token, '4');
      expect(later.body).toEqual({ activities: [expect.objectContaining({ text: 'three' }), expect.objectContaining({ text: 'echo: three' })], watermark: '6' });
      const upToDate = await dl.activities(visitor.conversationId, visitor.token, '6');
      expect(upToDate.body).toEqual({ activities: [], watermark: '6' });
      const ids = all.body.activities.map((a: { id: string }) => a.id);
      expect(new Set(ids).size).toBe(6);
      expect((await dl.activities(visitor.conversationId, visitor.token, 'abc')).status).toBe(400);
    });

    it("shows a coach's words as from the coach, and the person's texts in the same timeline", async () => {
      const visitor = await dl.visitor();
      await dl.post(visitor.conversationId, visitor.token, webChatMessage('can I talk to someone'));
      await dl.answered();
      const message = (await stored(visitor.conversationId))[0];
      await dl.writeFirst(message?.personId as string, 'Hi, I am Sam, your coach.');
      // The same person also texts (their phone was linked): one timeline.
      const conversation = await dl.db.conversation.findUniqueOrThrow({ where: { personId: message?.personId as string } });
      await dl.db.conversation.update({ where: { id: conversation.id }, data: { messageCount: { increment: 1 } } });
      await dl.db.message.create({
        data: { conversationId: conversation.id, personId: conversation.personId, direction: 'INBOUND', channel: 'SMS', author: 'PERSON', body: 'texted from my phone', seq: 4, status: 'HANDLED', providerMessageId: 'SM-linked-1' },
      });
      const read = await dl.activities(visitor.conversationId, visitor.token, '2');
      expect(read.body.activities).toEqual([
        expect.objectContaining({ text: 'Hi, I am Sam, your coach.', from: { id: 'lantern', name: 'Your coach', role: 'bot' } }),
        expect.objectContaining({ text: 'texted from my phone', from: { id: visitor.conversationId, role: 'user' } }),
      ]);
      expect(read.body.activities[1].channelData).toBeUndefined();
    });

    it.each([
      ['Arabic, right to left', 'مرحبا، كيف حالك اليوم؟'],
      ['Hebrew with numbers', 'שלום! יש לי 3 שאלות'],
      ['emoji with skin tones and joiners', '👋🏽 👩‍👩‍👧 🏳️‍🌈 feeling ok'],
      ['mixed directions', 'I said مرحبا to ‏them‎ 🙂'],
    ])('returns %s exactly as written', async (_what, text) => {
      const visitor = await dl.visitor();
      await dl.post(visitor.conversationId, visitor.token, webChatMessage(text));
      await dl.answered();
      const read = await dl.activities(visitor.conversationId, visitor.token);
      expect(read.body.activities.map((a: { text: string }) => a.text)).toEqual([text, `echo: ${text}`]);
    });
  });
});
