import { messages } from '../../dialogs/messages';
import { assetInput } from '../../src/domain/assets/asset-input';
import { classifyFollowUp } from '../../src/domain/assets/follow-up';
import { recordConnection } from '../../src/domain/assets/connections';
import { saveAsset } from '../../src/domain/assets/save-asset';
import { pauseSupport } from '../../src/domain/schedules/pause-support';
import { fixedClock } from '../../src/lib/clock';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';

// Tuesday 24 November 2026, 10:30 in London.
const clock = fixedClock('2026-11-24T10:30:00Z');

describe(`"did it help?" a week or so after a connection (${testProvider})`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  beforeAll(async () => {
    sms = await startSmsService({ clock });
  });
  afterAll(() => sms.stop());
  beforeEach(() => {
    clock.set('2026-11-24T10:30:00Z');
    sms.twilioApi.reset();
  });

  const db = () => sms.db();
  const at = (when: string) => sms.runSchedulerAt(when);
  async function connectedPerson(assetName: string) {
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    const person = await db().person.findFirstOrThrow({ where: { phone } });
    const { asset } = await saveAsset(db(), person.organisationId, assetInput.parse({ name: assetName, categories: ['LEISURE'], area: 'M9' }));
    const connection = await recordConnection(db(), { organisationId: person.organisationId, personId: person.id, assetId: asset.id, staffId: null, now: clock.now() });
    return { phone, person, asset, connection };
  }

  it('asks once, ten days on in the late morning, and hears "it had closed" as a reason to check the asset', async () => {
    const { phone, asset, connection } = await connectedPerson('Harpurhey Walking Group');
    await at('2026-12-03T12:00:00Z');
    expect(sms.sentTo(phone)).toEqual([]);
    await at('2026-12-04T11:00:00Z');
    expect(sms.sentTo(phone).map((m) => m.body)).toEqual([messages.connectionFollowUp(null, 'Harpurhey Walking Group')]);
    await at('2026-12-05T11:00:00Z');
    expect(sms.sentTo(phone)).toHaveLength(1);

    await sms.say(phone, 'it had closed when I got there');
    await sms.settle();
    expect(sms.sentTo(phone).map((m) => m.body).at(-1)).toBe(messages.followUpThanks('closed'));
    expect(await db().connection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({ status: 'DIDNT_WORK', followUpAnswer: 'it had closed when I got there' });
    expect(await db().communityAsset.findUniqueOrThrow({ where: { id: asset.id } })).toMatchObject({ needsCheckReason: 'closed' });
    // The next message is an ordinary one again.
    await sms.say(phone, 'feeling ok today');
    await sms.settle();
    expect(sms.sentTo(phone).map((m) => m.body).at(-1)).not.toBe(messages.followUpThanks('noted'));
  });

  it('waits while they are paused, and does not ask about something the coach already settled', async () => {
    const first = await connectedPerson('Knit and Natter');
    await pauseSupport(db(), { personId: first.person.id, until: { year: 2026, month: 12, day: 14 }, clock, quietHoursEnd: '09:00' });
    await at('2026-12-04T11:00:00Z');
    expect(sms.sentTo(first.phone).filter((m) => /How did you get on/.test(m.body))).toEqual([]);
    await sms.say(first.phone, "I'm back");
    await sms.settle();
    await at('2026-12-15T11:00:00Z');
    expect(sms.sentTo(first.phone).filter((m) => /How did you get on with Knit and Natter/.test(m.body))).toHaveLength(1);

    const second = await connectedPerson('Men in Sheds');
    await db().connection.update({ where: { id: second.connection.id }, data: { status: 'STUCK_WITH_IT' } });
    await at('2026-12-04T11:00:00Z');
    expect(sms.sentTo(second.phone)).toEqual([]);
  });

  it.each([
    ['loved it, going again next week', 'went-well'],
    ["wasn’t really for me", 'not-for-them'],
    ['nobody answered the door', 'no-answer'],
    ['it had shut down', 'closed'],
    ['went once', 'noted'],
  ] as const)('reads "%s" as %s', (words, outcome) => {
    expect(classifyFollowUp(words)).toBe(outcome);
  });
});
