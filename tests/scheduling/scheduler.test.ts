import { messages } from '../../dialogs/messages';
import { pauseFor } from '../../src/domain/inbox/coach-actions';
import { pauseSupport, setCheckInRhythm } from '../../src/domain/schedules/pause-support';
import { scheduleJob } from '../../src/domain/schedules/scheduled-jobs';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { jobHandlers } from '../../src/scheduling/job-handlers';
import { ScheduledTexts } from '../../src/scheduling/scheduled-texts';
import { Scheduler } from '../../src/scheduling/scheduler';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';
import { waitFor } from '../helpers/wait-for';

// Tuesday 24 November 2026, 10:30 in London.
const clock = fixedClock('2026-11-24T10:30:00Z');

describe(`pausing, resuming and nudges on the durable scheduler (${testProvider})`, () => {
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
  async function personWho(phone: string) {
    await sms.welcomed(phone);
    return db().person.findFirstOrThrow({ where: { phone } });
  }
  const pauseUntil = (personId: string, until: { year: number; month: number; day: number } | null) =>
    pauseSupport(db(), { personId, until, clock, quietHoursEnd: '09:00' });

  it('sends one resumption message on the date, at the start of the allowed hours, and no more', async () => {
    const phone = sms.nextPhone();
    const person = await personWho(phone);
    await pauseUntil(person.id, { year: 2026, month: 12, day: 7 });

    await at('2026-12-06T20:00:00Z');
    await at('2026-12-07T08:30:00Z'); // 08:30 in London: still quiet hours
    expect(sms.sentTo(phone)).toEqual([]);

    await at('2026-12-07T09:00:00Z');
    expect(sms.sentTo(phone).map((m) => m.body)).toEqual([expect.stringMatching(/^Hi\. You asked me to check back in around now/)]);
    expect(await db().person.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({ pausedAt: null, pausedUntil: null });

    await at('2026-12-07T09:05:00Z');
    await at('2026-12-08T09:05:00Z');
    expect(sms.sentTo(phone)).toHaveLength(1);
  });

  it('waits for the morning when the date is found late in the evening (after downtime)', async () => {
    const phone = sms.nextPhone();
    const person = await personWho(phone);
    await pauseUntil(person.id, { year: 2026, month: 12, day: 10 });
    await at('2026-12-10T21:15:00Z');
    expect(sms.sentTo(phone)).toEqual([]);
    await at('2026-12-11T08:59:00Z');
    expect(sms.sentTo(phone)).toEqual([]);
    await at('2026-12-11T09:00:00Z');
    expect(sms.sentTo(phone)).toHaveLength(1);
  });

  it('respects the quiet days the person chose', async () => {
    const phone = sms.nextPhone();
    const person = await personWho(phone);
    await sms.say(phone, 'no texts at the weekend please');
    await sms.settle();
    expect(sms.sentTo(phone).map((m) => m.body)).toEqual([messages.quietDaysSet([0, 6])]);
    expect((await db().person.findUniqueOrThrow({ where: { id: person.id } })).quietDays).toBe('0,6');
    sms.twilioApi.reset();
    // Saturday 12 December 2026.
    await pauseUntil(person.id, { year: 2026, month: 12, day: 12 });
    await at('2026-12-12T10:00:00Z');
    await at('2026-12-13T10:00:00Z');
    expect(sms.sentTo(phone)).toEqual([]);
    await at('2026-12-14T09:00:00Z');
    expect(sms.sentTo(phone)).toHaveLength(1);
  });

  it('sends nothing after an early "I\'m back"', async () => {
    const phone = sms.nextPhone();
    const person = await personWho(phone);
    await pauseUntil(person.id, { year: 2026, month: 12, day: 15 });
    await sms.say(phone, "I'm back");
    await sms.settle();
    expect(sms.sentTo(phone).map((m) => m.body)).toEqual([expect.stringMatching(/Welcome back/)]);
    sms.twilioApi.reset();
    await at('2026-12-15T10:00:00Z');
    expect(sms.sentTo(phone)).toEqual([]);
    expect(await db().scheduledJob.count({ where: { personId: person.id, kind: 'resume', status: 'PENDING' } })).toBe(0);
  });

  it('sends no check-in nudges while paused, and starts them again after the resumption', async () => {
    const phone = sms.nextPhone();
    await personWho(phone);
    await sms.say(phone, 'check in with me every Monday');
    await sms.settle();
    const person = await db().person.findFirstOrThrow({ where: { phone } });
    expect(person.checkInRhythm).toBe('WEEKLY');
    sms.twilioApi.reset();
    await pauseUntil(person.id, { year: 2026, month: 12, day: 9 });
    await at('2026-11-30T10:00:00Z'); // Monday: would have been a nudge
    await at('2026-12-07T10:00:00Z'); // Monday again
    expect(sms.sentTo(phone)).toEqual([]);
    await at('2026-12-09T09:00:00Z');
    expect(sms.sentTo(phone)).toHaveLength(1); // the resumption
    const next = await db().scheduledJob.findFirstOrThrow({ where: { personId: person.id, kind: 'check-in', status: 'PENDING' } });
    expect(next.dueAt.toISOString()).toBe('2026-12-14T10:00:00.000Z'); // Monday 14 December, 10:00
    await at('2026-12-14T10:00:00Z');
    expect(sms.sentTo(phone).map((m) => m.body)).toEqual([expect.anything(), expect.stringMatching(/just checking in as you asked/)]);
  });

  it('drops a nudge found days late instead of sending it stale, and keeps the rhythm', async () => {
    const phone = sms.nextPhone();
    await personWho(phone);
    await sms.say(phone, 'text me every Wednesday');
    await sms.settle();
    const person = await db().person.findFirstOrThrow({ where: { phone } });
    sms.twilioApi.reset();
    // Lantern was down from Tuesday to the following Saturday.
    await at('2026-11-28T12:00:00Z');
    expect(sms.sentTo(phone)).toEqual([]);
    const next = await db().scheduledJob.findFirstOrThrow({ where: { personId: person.id, kind: 'check-in', status: 'PENDING' } });
    expect(next.dueAt.toISOString()).toBe('2026-12-02T10:00:00.000Z');
  });

  it("behaves the same when a coach pauses someone from the inbox", async () => {
    const phone = sms.nextPhone();
    const person = await personWho(phone);
    await setCheckInRhythm(db(), { personId: person.id, rhythm: 'WEEKLY', day: null, clock });
    const organisation = await db().organisation.findFirstOrThrow();
    const coach = await db().staff.findFirstOrThrow({ where: { organisationId: organisation.id, role: 'COACH' } });
    await pauseFor(sms.service.inbox, { organisationId: organisation.id, staffId: coach.id, actor: { type: 'staff', staffId: coach.id } }, { personId: person.id, until: { year: 2026, month: 12, day: 21 } });
    await sms.settle();
    expect(sms.sentTo(phone).map((m) => m.body)).toEqual([messages.pausedByCoach('Monday 21 December')]);
    sms.twilioApi.reset();
    const paused = await db().person.findUniqueOrThrow({ where: { id: person.id } });
    expect(paused.pausedUntil?.toISOString()).toBe('2026-12-21T09:00:00.000Z');
    // The weekly nudges that fall in the pause are not sent.
    await at('2026-12-01T10:00:00Z');
    await at('2026-12-08T10:00:00Z');
    await at('2026-12-15T10:00:00Z');
    expect(sms.sentTo(phone)).toEqual([]);
    await at('2026-12-21T09:30:00Z');
    expect(sms.sentTo(phone).map((m) => m.body)).toEqual([expect.stringMatching(/You asked me to check back in around now/)]);
    await at('2026-12-21T12:00:00Z');
    expect(sms.sentTo(phone)).toHaveLength(1);
  });

  it('loses and doubles nothing across a restart, even a job a dead worker had claimed', async () => {
    const phone = sms.nextPhone();
    const person = await personWho(phone);
    await pauseUntil(person.id, { year: 2026, month: 12, day: 22 });
    // Another instance claimed it and died: its claim runs out after two minutes.
    await db().scheduledJob.updateMany({ where: { personId: person.id, kind: 'resume' }, data: { claimedBy: 'dead-worker', claimedUntil: new Date('2026-12-22T09:31:00Z') } });
    await sms.settle();
    await sms.service.stop();
    await sms.startAgain();
    await at('2026-12-22T09:30:00Z');
    expect(sms.sentTo(phone)).toEqual([]);
    await at('2026-12-22T09:32:00Z');
    await at('2026-12-22T09:40:00Z');
    expect(sms.sentTo(phone)).toHaveLength(1);
  });

  it('has two workers on one database send each due message exactly once', async () => {
    const people = [];
    for (let i = 0; i < 8; i++) people.push(await personWho(sms.nextPhone()));
    for (const person of people) await pauseUntil(person.id, { year: 2027, month: 1, day: 4 });
    clock.set('2027-01-04T10:00:00Z');
    const handlers = jobHandlers({ db: db(), clock, quietHours: { start: '20:00', end: '09:00' }, sendToPerson: sms.service.runtime.sendToPerson });
    const worker = (workerId: string) => new Scheduler({ db: db(), provider: testProvider, clock, logger: silentLogger, handlers, workerId, batchSize: 2 });
    const [one, two] = [worker('one'), worker('two')];
    // Small batches, run side by side until nothing is left, so the two really interleave.
    for (let round = 0; round < 6; round++) await Promise.all([one.runOnce(), two.runOnce()]);
    await sms.settle();
    for (const person of people) expect(sms.sentTo(person.phone as string)).toHaveLength(1);
    const resumptions = await db().scheduledJob.findMany({ where: { personId: { in: people.map((p) => p.id) }, kind: 'resume' } });
    expect(resumptions.map((job) => job.status)).toEqual(Array(8).fill('DONE'));
  });

  it('keeps one pending resumption per person however often the date changes', async () => {
    const phone = sms.nextPhone();
    const person = await personWho(phone);
    await pauseUntil(person.id, { year: 2026, month: 12, day: 1 });
    await pauseUntil(person.id, { year: 2026, month: 12, day: 3 });
    await scheduleJob(db(), { kind: 'resume', personId: person.id, dueAt: new Date('2026-12-04T09:00:00Z') });
    expect(await db().scheduledJob.count({ where: { personId: person.id, kind: 'resume', status: 'PENDING' } })).toBe(1);
  });

  it('goes straight on to the next batch after a full one, and writes texts asked for together in shared commits', async () => {
    const people: Array<Awaited<ReturnType<typeof personWho>>> = [];
    for (let i = 0; i < 7; i++) people.push(await personWho(sms.nextPhone()));
    for (const person of people) await pauseUntil(person.id, { year: 2027, month: 2, day: 1 });
    clock.set('2027-02-01T10:00:00Z');
    const handlers = jobHandlers({ db: db(), clock, quietHours: { start: '20:00', end: '09:00' }, sendToPerson: sms.service.runtime.sendToPerson, events: sms.service.events });
    // Batches of 2 and a poll an hour apart: only going on at once runs all seven now.
    const scheduler = new Scheduler({ db: db(), provider: testProvider, clock, logger: silentLogger, handlers, workerId: 'batching', batchSize: 2, pollMs: 3_600_000 });
    scheduler.start();
    try {
      await waitFor(async () => (await db().scheduledJob.count({ where: { personId: { in: people.map((p) => p.id) }, kind: 'resume', status: 'PENDING' } })) === 0, 'every resumption to run', 10_000);
    } finally {
      await scheduler.stop();
    }
    await sms.settle();
    for (const person of people) expect(sms.sentTo(person.phone as string).map((m) => m.body)).toEqual([expect.stringMatching(/^Hi\. You asked me to check back in around now/)]);
    const resumptions = await db().message.findMany({ where: { personId: { in: people.map((p) => p.id) }, direction: 'OUTBOUND', body: { startsWith: 'Hi. You asked me' } } });
    expect(resumptions).toHaveLength(7);
    expect(resumptions.every((m) => m.status === 'SENDING' && m.providerMessageId)).toBe(true);
    expect(await db().person.count({ where: { id: { in: people.map((p) => p.id) }, pausedAt: { not: null } } })).toBe(0);
  });

  it('keeps the other texts of a shared commit when one of them fails, trying each of them alone', async () => {
    const people: Array<Awaited<ReturnType<typeof personWho>>> = [];
    for (let i = 0; i < 3; i++) people.push(await personWho(sms.nextPhone()));
    const reachable = await db().person.findMany({ where: { id: { in: people.map((p) => p.id) } }, include: { conversation: true, addresses: true } });
    const texts = new ScheduledTexts({ db: db(), clock, logger: silentLogger, events: sms.service.events });
    const outcomes = await Promise.allSettled(reachable.map((person, i) => texts.send(person, `shared ${i}`, async () => {
      if (i === 1) throw new Error('this one cannot be written');
      return true;
    })));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await sms.settle();
    for (const [i, person] of reachable.entries()) expect(sms.sentTo(person.phone as string).map((m) => m.body)).toEqual(i === 1 ? [] : [`shared ${i}`]);
  });
});
