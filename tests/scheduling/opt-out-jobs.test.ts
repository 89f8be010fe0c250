import { messages } from '../../dialogs/messages';
import { claim, reply, type Acting } from '../../src/domain/inbox/coach-actions';
import { pauseSupport } from '../../src/domain/schedules/pause-support';
import { fixedClock } from '../../src/lib/clock';
import { AppError } from '../../src/lib/errors';
import { LANTERN, startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';
import { inboundText } from '../helpers/twilio-webhook';

// Hazard H3 (an opt-out is ignored): after STOP nothing unprompted goes out, from the scheduler
// or from a coach. Tuesday 24 November 2026, 10:30 in London.
const clock = fixedClock('2026-11-24T10:30:00Z');

describe(`nothing is sent to someone who opted out (${testProvider})`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let coach: Acting;
  beforeAll(async () => {
    sms = await startSmsService({ clock });
    const staff = await sms.db().staff.findFirstOrThrow({ where: { role: 'COACH' } });
    coach = { organisationId: staff.organisationId, staffId: staff.id, actor: { type: 'staff', staffId: staff.id } };
  });
  afterAll(() => sms.stop());
  beforeEach(() => {
    clock.set('2026-11-24T10:30:00Z');
    sms.twilioApi.reset();
  });

  const db = () => sms.db();
  const at = (when: string) => sms.runSchedulerAt(when);
  async function personWho(phone: string) {
    await sms.welcomed(phone);
    return db().person.findFirstOrThrow({ where: { phone } });
  }
  const jobsOf = (personId: string) => db().scheduledJob.findMany({ where: { personId }, select: { kind: true, status: true } });

  const textsStop = (phone: string) => sms.say(phone, 'STOP');
  const carrierStop = (phone: string) => sms.text(inboundText(phone, LANTERN, 'STOP', { OptOutType: 'STOP' }));

  /** One paused person (a resumption pending) and one on a weekly rhythm (a nudge pending) opt out. */
  async function optingOutCancelsTheirJobs(optOut: (phone: string) => Promise<unknown>) {
    const paused = await personWho(sms.nextPhone());
    await pauseSupport(db(), { personId: paused.id, until: { year: 2026, month: 12, day: 7 }, clock, quietHoursEnd: '09:00' });
    const weekly = await personWho(sms.nextPhone());
    await sms.say(weekly.phone as string, 'text me every Monday');
    await sms.settle();
    expect(await jobsOf(paused.id)).toEqual([{ kind: 'resume', status: 'PENDING' }]);
    expect(await jobsOf(weekly.id)).toEqual([{ kind: 'check-in', status: 'PENDING' }]);

    for (const person of [paused, weekly]) await optOut(person.phone as string);
    await sms.settle();
    for (const person of [paused, weekly]) {
      expect((await db().person.findUniqueOrThrow({ where: { id: person.id } })).optedOutAt).not.toBeNull();
    }
    expect(await jobsOf(paused.id)).toEqual([{ kind: 'resume', status: 'CANCELLED' }]);
    expect(await jobsOf(weekly.id)).toEqual([{ kind: 'check-in', status: 'CANCELLED' }]);
    sms.twilioApi.reset();

    await at('2026-11-30T10:00:00Z'); // Monday: the nudge would have gone
    await at('2026-12-07T09:00:00Z'); // the resumption date
    await at('2026-12-14T10:00:00Z');
    expect(sms.sentTo(paused.phone as string)).toEqual([]);
    expect(sms.sentTo(weekly.phone as string)).toEqual([]);
  }

  it('cancels the pending resumption and check-in nudge when they text STOP, and sends neither when due', async () => {
    await optingOutCancelsTheirJobs(textsStop);
  });

  it("cancels them too when they opt out at the carrier (Twilio's OptOutType STOP)", async () => {
    await optingOutCancelsTheirJobs(carrierStop);
  });

  it("refuses a coach's reply to someone who opted out, and sends nothing", async () => {
    const phone = sms.nextPhone();
    const person = await personWho(phone);
    await sms.say(phone, 'can I talk to a real person');
    await sms.settle();
    await claim(sms.service.inbox, coach, { personId: person.id });
    await sms.say(phone, 'STOP');
    await sms.settle();
    expect(sms.sentTo(phone).map((m) => m.body).at(-1)).toBe(messages.optedOut());
    sms.twilioApi.reset();

    const refused = reply(sms.service.inbox, coach, { personId: person.id, text: 'Hi, it is your coach. Are you OK?' });
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ kind: 'conflict' });
    await sms.settle();
    expect(sms.sentTo(phone)).toEqual([]);
    expect(await db().message.count({ where: { personId: person.id, author: 'COACH' } })).toBe(0);
  });
});
