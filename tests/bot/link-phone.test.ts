import { messages } from '../../dialogs/messages';
import type { Db } from '../../src/db/client';
import { botHarness } from '../helpers/bot-harness';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-database';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.destroy());

/** A web chat visitor whose texted codes land in `codes`. */
async function webChatVisitor(visitorId: string) {
  const codes: Array<{ phone: string; text: string }> = [];
  const bot = await botHarness(db, {
    phone: visitorId,
    channelId: 'directline',
    textCode: async (_organisationId, phone, text) => {
      codes.push({ phone, text });
      return 'sent';
    },
  });
  const lastCode = () => /\b(\d{6})\b/.exec(codes.at(-1)?.text ?? '')?.[1] ?? '';
  return { ...bot, codes, lastCode };
}

describe(`linking web chat with the phone a person texts from (${testProvider})`, () => {
  it('joins the two into one person once the texted code is typed in', async () => {
    const phone = '+447700900301';
    const texting = await botHarness(db, { phone });
    await texting.say('hello');
    await texting.say('skip');
    await texting.say('add: my allotment');

    const web = await webChatVisitor('webchat-visitor-301');
    await web.say('hi');
    await web.say('skip');
    expect(web.texts(await web.say('link my phone'))).toEqual([messages.linkAskPhone()]);
    expect(web.texts(await web.say('my number is rubbish'))).toEqual([messages.linkPhoneRetry()]);
    expect(web.texts(await web.say('07700 900301'))).toEqual([messages.linkCodeSent('301')]);
    expect(web.codes).toEqual([{ phone, text: expect.stringMatching(/^Your Lantern code is \d{6}\./) }]);
    expect(web.texts(await web.say('12'))).toEqual([messages.linkCodeWrong()]);
    expect(web.texts(await web.say(web.lastCode()))).toEqual([messages.linked()]);

    const texter = await db.person.findFirstOrThrow({ where: { phone }, include: { addresses: true, whatMatters: true } });
    expect(texter.addresses.map((a) => a.channel).sort()).toEqual(['SMS', 'WEB_CHAT']);
    expect(texter.whatMatters.map((w) => w.text)).toEqual(['my allotment']);
    expect(await db.person.count({ where: { addresses: { some: { address: 'webchat-visitor-301' } } } })).toBe(1);
    // The web chat now speaks for the same person: their list is the one they made by text.
    expect(web.texts(await web.say('what matters'))[0]).toMatch(/my allotment/);
  });

  it('adds the number to a web chat person nobody texts from yet', async () => {
    const web = await webChatVisitor('webchat-visitor-302');
    await web.say('hi');
    await web.say('skip');
    await web.say('please link my number 07700 900302');
    await web.say(web.lastCode());
    const person = await db.person.findFirstOrThrow({ where: { phone: '+447700900302' }, include: { addresses: true } });
    expect(person.addresses.map((a) => a.channel).sort()).toEqual(['SMS', 'WEB_CHAT']);
  });

  it('gives up after three wrong codes and links nothing', async () => {
    const web = await webChatVisitor('webchat-visitor-303');
    await web.say('hi');
    await web.say('skip');
    await web.say('link my phone 07700 900303');
    const wrong = web.lastCode() === '000000' ? '111111' : '000000';
    expect(web.texts(await web.say(wrong))).toEqual([messages.linkCodeWrong()]);
    expect(web.texts(await web.say(wrong))).toEqual([messages.linkCodeWrong()]);
    expect(web.texts(await web.say(wrong))).toEqual([messages.linkGaveUp()]);
    expect(await db.person.count({ where: { phone: '+447700900303' } })).toBe(0);
  });

  it('lets them cancel, and is only offered in web chat', async () => {
    const web = await webChatVisitor('webchat-visitor-304');
    await web.say('hi');
    await web.say('skip');
    await web.say('link my phone');
    expect(web.texts(await web.say('never mind'))).toEqual([messages.linkCancelled()]);
    const texting = await botHarness(db, { phone: '+447700900304' });
    await texting.say('hi');
    await texting.say('skip');
    expect(texting.texts(await texting.say('link my phone'))).toEqual([messages.linkOnlyInWebChat()]);
  });
});
