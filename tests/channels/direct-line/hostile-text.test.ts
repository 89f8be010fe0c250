import { request } from '../../helpers/http';
import { testProvider } from '../../helpers/test-database';
import { startDirectLineHarness, webChatMessage, type DirectLineHarness } from './direct-line-harness';

// Regressions found by the fuzz suite (tests/fuzz/web-chat.fuzz.ts).
describe(`web chat messages with awkward text and ids (${testProvider})`, () => {
  let dl: DirectLineHarness;
  beforeAll(async () => {
    dl = await startDirectLineHarness();
  });
  afterAll(() => dl.close());

  async function stored(conversationId: string) {
    const address = await dl.db.channelAddress.findUniqueOrThrow({ where: { channel_address: { channel: 'WEB_CHAT', address: conversationId } } });
    return dl.db.message.findMany({ where: { personId: address.personId, direction: 'INBOUND' }, orderBy: { seq: 'asc' } });
  }

  it('stores a message with NUL characters without them, on PostgreSQL as on SQLite', async () => {
    const { conversationId, token } = await dl.visitor();
    const posted = await dl.post(conversationId, token, webChatMessage('hello\u0000 there', 'client-\u0000-1'));
    expect(posted.status).toBe(200);
    await dl.answered();
    expect((await stored(conversationId)).map((m) => [m.body, m.providerMessageId])).toEqual([['hello there', `dl:${conversationId}:client--1`]]);
  });

  it('stores half an emoji as the one replacement character it reads back as', async () => {
    const { conversationId, token } = await dl.visitor();
    expect((await dl.post(conversationId, token, webChatMessage('cut \ud83d short'))).status).toBe(200);
    await dl.answered();
    expect((await stored(conversationId)).map((m) => m.body)).toEqual(['cut \ufffd short']);
  });

  it('takes an empty activity id as none, so later messages are not dropped as retries of the first', async () => {
    const { conversationId, token } = await dl.visitor();
    for (const text of ['first', 'second']) {
      const posted = await request(`${dl.url}/v3/directline/conversations/${conversationId}/activities`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ type: 'message', id: '', text }),
      });
      expect(posted.status).toBe(200);
    }
    await dl.answered();
    expect((await stored(conversationId)).map((m) => m.body)).toEqual(['first', 'second']);
  });
});
