import { messages } from '../../dialogs/messages';
import { reply, type Acting } from '../../src/domain/inbox/coach-actions';
import { request } from '../helpers/http';
import { LANTERN, startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';
import { webChatMessage, type StreamedActivity } from './direct-line/direct-line-harness';

type Service = Awaited<ReturnType<typeof startSmsService>>;

/** A web chat visitor talking to the running service over Direct Line, as Web Chat does. */
async function openWebChat(sms: Service) {
  const api = `${sms.serverUrl}/v3/directline`;
  const generated = await request(`${api}/tokens/generate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
  expect(generated.status).toBe(200);
  const { conversationId, token } = generated.body as { conversationId: string; token: string };
  const auth = { Authorization: `Bearer ${token}` };
  const activitiesUrl = `${api}/conversations/${conversationId}/activities`;
  const started = await request(`${api}/conversations`, { method: 'POST', headers: auth });
  expect(started.status).toBe(201);

  /** Everything the chat shows, from the start (polling, as Web Chat does without a WebSocket). */
  async function activities(): Promise<StreamedActivity[]> {
    const read = await request(activitiesUrl, { headers: auth });
    expect(read.status).toBe(200);
    return read.body.activities;
  }

  return {
    conversationId,
    activities,
    /** Posts a message, waits for Lantern to finish, and returns what Lantern said after it. */
    async say(text: string): Promise<string[]> {
      const posted = await request(activitiesUrl, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify(webChatMessage(text)) });
      expect(posted.status).toBe(200);
      await sms.settle();
      // By id, not watermark: linking renumbers the timeline under the visitor.
      const shown = await activities();
      const at = shown.findIndex((activity) => activity.id === posted.body.id);
      expect(at).toBeGreaterThanOrEqual(0);
      return shown.slice(at + 1).filter((activity) => activity.from.role === 'bot').map((activity) => activity.text);
    },
  };
}

/** How Web Chat visitors write a UK mobile: 07700 900123. */
const asTyped = (phone: string) => `0${phone.slice(3, 7)} ${phone.slice(7)}`;

describe(`linking web chat with a phone through the running service, on ${testProvider}`, () => {
  let sms: Service;
  beforeAll(async () => {
    sms = await startSmsService();
  });
  afterAll(() => sms.stop());

  it('texts a code to the phone, joins the two into one person and timeline, and a coach reply goes where they wrote last', async () => {
    const db = sms.db();
    const phone = sms.nextPhone();
    await sms.welcomed(phone);

    const web = await openWebChat(sms);
    await web.say('hi');
    await web.say('skip');
    expect(await web.say('link my phone')).toEqual([messages.linkAskPhone()]);
    expect(await web.say(asTyped(phone))).toEqual([messages.linkCodeSent(phone.slice(-3))]);
    const [codeText] = await sms.twilioApi.waitForSent(1);
    expect(codeText).toMatchObject({ to: phone, from: LANTERN });
    const code = /\b(\d{6})\b/.exec(codeText?.body ?? '')?.[1] ?? '';
    expect(codeText?.body).toBe(messages.linkCodeText(code));
    expect(await web.say(code)).toEqual([messages.linked()]);

    // One person, reached at both addresses, with one timeline holding what they said on each.
    const linkedTo = { OR: [{ phone }, { addresses: { some: { address: { in: [phone, web.conversationId] } } } }] };
    expect(await db.person.count({ where: linkedTo })).toBe(1);
    const person = await db.person.findFirstOrThrow({ where: { phone }, include: { addresses: true, conversation: true } });
    expect(person.addresses.map((a) => `${a.channel} ${a.address}`).sort()).toEqual([`SMS ${phone}`, `WEB_CHAT ${web.conversationId}`]);
    expect(await db.conversation.count({ where: { personId: person.id } })).toBe(1);
    const timeline = await db.message.findMany({ where: { personId: person.id }, orderBy: { seq: 'asc' } });
    expect(timeline.every((m) => m.conversationId === person.conversation?.id)).toBe(true);
    expect(timeline.map((m) => m.seq)).toEqual(timeline.map((_, index) => index + 1));
    expect(timeline.filter((m) => m.direction === 'INBOUND').map((m) => `${m.channel}: ${m.body}`)).toEqual([
      'SMS: hello', 'SMS: skip', 'WEB_CHAT: hi', 'WEB_CHAT: skip', 'WEB_CHAT: link my phone', `WEB_CHAT: ${asTyped(phone)}`, `WEB_CHAT: ${code}`,
    ]);
    // The chat now shows the texts too.
    expect((await web.activities()).map((a) => a.text)).toEqual(timeline.map((m) => m.body));

    const coach = await db.staff.findFirstOrThrow({ where: { organisationId: person.organisationId, role: 'COACH' } });
    const acting: Acting = { organisationId: person.organisationId, actor: { type: 'staff', staffId: coach.id }, staffId: coach.id };

    // They text from the phone last: the coach's reply goes by SMS.
    await sms.say(phone, 'on my phone now');
    await sms.settle();
    sms.twilioApi.reset();
    const byText = 'Hi, it is Sam, one of the coaches. Texting you back.';
    expect(await reply(sms.service.inbox, acting, { personId: person.id, text: byText })).toEqual([expect.objectContaining({ channel: 'SMS', author: 'COACH', body: byText })]);
    await sms.settle();
    expect(sms.sentTo(phone).filter((m) => m.body === byText)).toHaveLength(1);

    // Then they write in web chat: the next reply appears there and is not texted.
    await web.say('back in the chat');
    sms.twilioApi.reset();
    const inChat = 'Hello again, I can see you are in the chat now.';
    expect(await reply(sms.service.inbox, acting, { personId: person.id, text: inChat })).toEqual([expect.objectContaining({ channel: 'WEB_CHAT', author: 'COACH', body: inChat })]);
    await sms.settle();
    expect(sms.twilioApi.sent).toEqual([]);
    expect((await web.activities()).at(-1)).toMatchObject({ text: inChat, from: { role: 'bot', name: 'Your coach' } });
  });
});
