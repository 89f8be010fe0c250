import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';

const NOTED = /noted that "I love (\w+)"/;
const HOBBIES = ['gardening', 'painting', 'baking', 'walking', 'singing', 'fishing', 'knitting', 'cycling'];

describe(`one person's turns across two Lantern instances on one database (${testProvider})`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let other: Awaited<ReturnType<typeof sms.anotherInstance>>;

  beforeAll(async () => {
    sms = await startSmsService();
    other = await sms.anotherInstance();
  });
  afterAll(async () => {
    await other.service.stop();
    await sms.stop();
  });

  async function settleBoth() {
    await Promise.all([sms.service.inFlight.drain(10_000), other.service.inFlight.drain(10_000)]);
    await sms.settle();
    await other.service.outbox.idle();
  }

  it('answers texts that arrive at both instances at once one at a time, in the order they were stored', async () => {
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    const sent = await Promise.all(HOBBIES.map((hobby, i) => (i % 2 === 0 ? sms.say(phone, `I love ${hobby}`) : other.say(phone, `I love ${hobby}`))));
    expect(sent.map((response) => response.status)).toEqual(HOBBIES.map(() => 200));
    await settleBoth();

    const person = await sms.db().person.findFirstOrThrow({ where: { phone } });
    const timeline = await sms.db().message.findMany({ where: { personId: person.id }, orderBy: { seq: 'asc' } });
    const heard = timeline.filter((m) => m.direction === 'INBOUND' && m.body.startsWith('I love ')).map((m) => m.body.slice('I love '.length));
    const noted = timeline.map((m) => (m.direction === 'OUTBOUND' ? NOTED.exec(m.body)?.[1] : undefined)).filter(Boolean);
    expect(heard.sort()).toEqual([...HOBBIES].sort());
    // Each answer was written after the one before it: the replies follow the order the texts were stored in.
    expect(noted).toEqual(heard.length ? storedOrder(timeline) : []);
    expect(timeline.filter((m) => m.direction === 'INBOUND').every((m) => m.status === 'HANDLED')).toBe(true);
    expect(await sms.db().conversation.findUniqueOrThrow({ where: { personId: person.id } })).toMatchObject({ answeringBy: null, answeringUntil: null });
  });

  it('answers a message another instance stored but never answered before a newer one from the same person', async () => {
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    const person = await sms.db().person.findFirstOrThrow({ where: { phone } });
    // Another instance stored this text, then died before answering it, still holding the lease.
    const conversation = await sms.db().conversation.update({
      where: { personId: person.id },
      data: { messageCount: { increment: 1 }, answeringBy: 'dead-instance', answeringUntil: new Date(Date.now() + 400) },
    });
    await sms.db().message.create({
      data: { conversationId: conversation.id, personId: person.id, direction: 'INBOUND', channel: 'SMS', author: 'PERSON', body: 'I love swimming', seq: conversation.messageCount, status: 'RECEIVED', providerMessageId: `SM${'e'.repeat(32)}` },
    });
    await other.say(phone, 'I love rowing');
    await settleBoth();
    const replies = (await sms.db().message.findMany({ where: { personId: person.id, direction: 'OUTBOUND' }, orderBy: { seq: 'asc' } }))
      .map((m) => NOTED.exec(m.body)?.[1])
      .filter(Boolean);
    expect(replies).toEqual(['swimming', 'rowing']);
  });

  it('queues a message once however often recovery and the sweep find it still waiting', async () => {
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    const person = await sms.db().person.findFirstOrThrow({ where: { phone } });
    const conversation = await sms.db().conversation.update({
      where: { personId: person.id },
      data: { messageCount: { increment: 1 }, answeringBy: 'dead-instance', answeringUntil: new Date(Date.now() + 500) },
    });
    const waiting = await sms.db().message.create({
      data: { conversationId: conversation.id, personId: person.id, direction: 'INBOUND', channel: 'SMS', author: 'PERSON', body: 'I love sailing', seq: conversation.messageCount, status: 'RECEIVED', providerMessageId: `SM${'f'.repeat(32)}` },
    });
    const { runner } = sms.service.runtime;
    const before = runner.queuedMessages;
    const first = runner.answer(waiting);
    for (let sweep = 0; sweep < 3; sweep += 1) await runner.recover(new Date());
    expect(runner.answer(waiting)).toBe(first);
    expect(runner.queuedMessages).toBe(before + 1);
    await first;
    await settleBoth();
    const replies = (await sms.db().message.findMany({ where: { personId: person.id, direction: 'OUTBOUND' }, orderBy: { seq: 'asc' } })).filter((m) => NOTED.exec(m.body)?.[1] === 'sailing');
    expect(replies).toHaveLength(1);
    expect(runner.queuedMessages).toBe(before);
  });
});

/** The hobbies in the order their texts were stored (their place in the timeline). */
function storedOrder(timeline: Array<{ direction: string; body: string }>): string[] {
  return timeline.filter((m) => m.direction === 'INBOUND' && m.body.startsWith('I love ')).map((m) => m.body.slice('I love '.length));
}
