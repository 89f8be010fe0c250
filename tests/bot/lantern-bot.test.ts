import { messages } from '../../dialogs/messages';
import type { Db } from '../../src/db/client';
import { botHarness, PRIVACY_URL } from '../helpers/bot-harness';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-database';

let database: TestDatabase;
let db: Db;
let nextNumber = 100;
// A fresh person (phone number) for each conversation, on one database per file.
const newPerson = (now?: string) => botHarness(db, { phone: `+447700900${nextNumber++}`, now });

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(() => database.destroy());

describe(`the companion conversation (${testProvider})`, () => {
  describe('first contact', () => {
    it('welcomes, asks what to call them, and remembers the name', async () => {
      const bot = await newPerson();
      expect(bot.texts(await bot.say('hi'))).toEqual([messages.welcome({ privacyUrl: PRIVACY_URL }), messages.askName()]);
      expect(bot.texts(await bot.say("call me Jo x"))).toEqual([messages.nameSaved('Jo')]);
      expect((await bot.person()).preferredName).toBe('Jo');
      expect(bot.texts(await bot.say('hello'))).toEqual([messages.greeting({ name: 'Jo', privacyUrl: PRIVACY_URL })]);
    });

    it('lets them skip giving a name', async () => {
      const bot = await newPerson();
      await bot.say('hello');
      expect(bot.texts(await bot.say('skip'))).toEqual([messages.nameSkipped()]);
      expect((await bot.person()).preferredName).toBeNull();
    });

    it('answers what they came for straight after the welcome, with no forms', async () => {
      const bot = await newPerson();
      const replies = bot.texts(await bot.say('can i talk to a real person'));
      expect(replies[0]).toBe(messages.welcome({ privacyUrl: PRIVACY_URL }));
      expect(replies[1]).toMatch(/^I've asked a coach/);
    });
  });

  describe('check-ins on their terms', () => {
    it('records how they are in their words, with the number they give', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      expect(bot.texts(await bot.say('bit tired today, about a 6 out of 10'))).toEqual([messages.checkInScoreNoted(6)]);
      const person = await bot.person();
      const checkIn = await db.checkIn.findFirstOrThrow({ where: { personId: person.id } });
      expect(checkIn).toMatchObject({ words: 'bit tired today, about a 6 out of 10', score: 6 });
    });

    // The rule in dialogs/check-in.ts: an open strengths question on every 4th check-in at most,
    // and never within 3 days of the last one. The person leads; the bot doesn't interview.
    const OPEN_QUESTIONS = [0, 1, 2, 3, 4].map((i) => messages.openQuestion(i));
    const DAY = 86_400_000;

    /** Ten ordinary check-ins, `gap` apart; which of them (1-based) got an open question, and the questions asked. */
    async function tenCheckIns(gap: number) {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      const everyday = ['went to the shops', 'bit of a quiet day', 'had my tea', 'watched telly', 'walked to the post office'];
      const askedOn: number[] = [];
      const asked: string[] = [];
      for (let n = 1; n <= 10; n++) {
        bot.clock.advance(gap);
        const replies = bot.texts(await bot.say(everyday[n % everyday.length] as string));
        expect(replies.length).toBeGreaterThan(0);
        const questions = replies.filter((text) => OPEN_QUESTIONS.includes(text));
        expect(questions.length).toBeLessThanOrEqual(1);
        if (questions.length > 0) {
          askedOn.push(n);
          asked.push(...questions);
        }
        // The wellbeing offer is answered so the next message is a check-in again.
        if (replies.includes(messages.wellbeingOffer())) expect(bot.texts(await bot.say('not now'))).toEqual([messages.wellbeingDeclined()]);
      }
      expect(await db.checkIn.count({ where: { personId: (await bot.person()).id } })).toBe(10);
      return { askedOn, asked };
    }

    it('asks an open strengths question now and then: on at most one check-in in four, at least once in ten', async () => {
      const { askedOn, asked } = await tenCheckIns(DAY);
      expect(askedOn.length).toBeGreaterThanOrEqual(1);
      expect(askedOn.length).toBeLessThanOrEqual(Math.floor(10 / 4));
      for (const n of askedOn) expect(n % 4).toBe(0);
      expect(askedOn).toEqual([4, 8]);
      // A different question each time.
      expect(new Set(asked).size).toBe(asked.length);
    });

    it('asks no more than one open question in three days, however often they write', async () => {
      const { askedOn } = await tenCheckIns(60_000);
      expect(askedOn).toEqual([4]);
    });
  });

  describe('what matters', () => {
    it('notes what matters, lists it numbered, changes and removes items by message', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      expect(bot.texts(await bot.say('I love gardening'))[0]).toMatch(/^Thanks for telling me\. I've noted that "I love gardening" matters to you/);
      await bot.say('my granddaughter visits on sundays');
      expect(bot.texts(await bot.say('what matters'))).toEqual([messages.whatMattersList(['I love gardening', 'my granddaughter visits on sundays'])]);
      expect(bot.texts(await bot.say('change 2 to my granddaughter Amy'))).toEqual([messages.whatMattersChanged(2, 'my granddaughter Amy')]);
      expect(bot.texts(await bot.say('remove 1'))).toEqual([messages.whatMattersRemoved(1)]);
      expect(bot.texts(await bot.say('remove 5'))).toEqual([messages.whatMattersNoSuchNumber(5, 1)]);
      const items = await db.whatMattersItem.findMany({ where: { personId: (await bot.person()).id } });
      expect(items.map((item) => [item.category, item.text])).toEqual([['RELATIONSHIPS', 'my granddaughter Amy']]);
    });
  });

  describe('wellbeing questions', () => {
    it('asks the four ONS4 questions when the person asks, accepts words, numbers and skips, and not again within four weeks', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      expect(bot.texts(await bot.say('can I do the wellbeing questions'))).toEqual([messages.wellbeingQuestion(0)]);
      expect(bot.texts(await bot.say('7'))).toEqual([messages.wellbeingQuestion(1)]);
      expect(bot.texts(await bot.say('banana'))).toEqual([messages.wellbeingRetry()]);
      expect(bot.texts(await bot.say('about a six'))).toEqual([messages.wellbeingQuestion(2)]);
      expect(bot.texts(await bot.say('skip'))).toEqual([messages.wellbeingQuestion(3)]);
      expect(bot.texts(await bot.say('4/10'))).toEqual([messages.wellbeingDone()]);
      const answers = await db.wellbeingAnswers.findFirstOrThrow({ where: { personId: (await bot.person()).id } });
      expect(answers).toMatchObject({ lifeSatisfaction: 7, worthwhile: 6, happiness: null, anxiety: 4 });
      expect(bot.texts(await bot.say('wellbeing questions please'))).toEqual([messages.wellbeingTooSoon()]);
    });

    it('offers them now and then after check-ins, and "not now" is fine', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      await bot.say('bit of a quiet day');
      await bot.say('went to the shops');
      const third = bot.texts(await bot.say('had my tea'));
      expect(third.at(-1)).toBe(messages.wellbeingOffer());
      expect(bot.texts(await bot.say('not now'))).toEqual([messages.wellbeingDeclined()]);
      expect(await db.wellbeingAnswers.count({ where: { personId: (await bot.person()).id } })).toBe(0);
    });
  });

  describe('pausing by message', () => {
    async function welcomedPerson() {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      return bot;
    }
    const resumeJob = async (personId: string) =>
      db.scheduledJob.findFirst({ where: { personId, kind: 'resume', status: 'PENDING' } });

    it('confirms the date it understood in words, and takes a correction', async () => {
      const bot = await welcomedPerson();
      expect(bot.texts(await bot.say('can you pause till after xmas'))).toEqual([messages.pausedUntil('Sunday 27 December')]);
      const person = await bot.person();
      expect(person.pausedUntil?.toISOString()).toBe('2026-12-27T09:00:00.000Z');
      expect((await resumeJob(person.id))?.dueAt.toISOString()).toBe('2026-12-27T09:00:00.000Z');
      expect(bot.texts(await bot.say('no, the 17th'))).toEqual([messages.pausedUntil('Thursday 17 December')]);
      expect((await resumeJob(person.id))?.dueAt.toISOString()).toBe('2026-12-17T09:00:00.000Z');
      expect(await db.scheduledJob.count({ where: { personId: person.id, kind: 'resume', status: 'PENDING' } })).toBe(1);
    });

    it('asks once for a date when none was given, and "no" is fine', async () => {
      const bot = await welcomedPerson();
      expect(bot.texts(await bot.say('I need a break'))).toEqual([messages.pauseAskDate()]);
      expect((await bot.person()).pausedAt).not.toBeNull();
      expect(bot.texts(await bot.say('no'))).toEqual([messages.paused()]);
      const person = await bot.person();
      expect(person.pausedUntil).toBeNull();
      expect(await resumeJob(person.id)).toBeNull();
    });

    it('takes a date in answer to the question', async () => {
      const bot = await welcomedPerson();
      await bot.say('pause');
      expect(bot.texts(await bot.say('the new year'))).toEqual([messages.pausedUntil('Saturday 2 January 2027')]);
    });

    it('carries on with whatever comes next when it is not a correction', async () => {
      const bot = await welcomedPerson();
      await bot.say('pause for 2 weeks');
      const replies = bot.texts(await bot.say('add: my allotment'));
      expect(replies[0]).toMatch(/allotment/);
      expect((await bot.person()).pausedUntil?.toISOString()).toBe('2026-12-08T09:00:00.000Z');
    });

    it('answers a paused person as usual and asks once whether they would like to carry on', async () => {
      const bot = await welcomedPerson();
      await bot.say('pause for a month');
      await bot.say('thanks');
      const first = bot.texts(await bot.say('actually having a rough day'));
      expect(first.at(-1)).toBe(messages.pausedAskResume());
      const second = bot.texts(await bot.say('still rough'));
      expect(second).not.toContain(messages.pausedAskResume());
      expect(bot.texts(await bot.say("I'm back"))).toEqual([messages.resumed()]);
      expect(await resumeJob((await bot.person()).id)).toBeNull();
    });
  });

  describe('how often Lantern writes first', () => {
    const pendingCheckIn = async (personId: string) =>
      db.scheduledJob.findFirst({ where: { personId, kind: 'check-in', status: 'PENDING' } });

    it('confirms each rhythm in words and keeps it on the person, with the next nudge to match', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      const { id } = await bot.person();

      const weekly = bot.texts(await bot.say('text me every Monday'));
      expect(weekly).toEqual([messages.rhythmSet('WEEKLY', 1)]);
      expect(weekly[0]).toMatch(/once a week on Mondays/);
      expect(await bot.person()).toMatchObject({ checkInRhythm: 'WEEKLY', checkInDay: 1 });
      // From Tuesday 24 November: the next Monday, at 10:00 London time.
      expect((await pendingCheckIn(id))?.dueAt.toISOString()).toBe('2026-11-30T10:00:00.000Z');

      const monthly = bot.texts(await bot.say('once a month'));
      expect(monthly).toEqual([messages.rhythmSet('MONTHLY', null)]);
      expect(monthly[0]).toMatch(/once a month/);
      expect(await bot.person()).toMatchObject({ checkInRhythm: 'MONTHLY', checkInDay: null });
      expect((await pendingCheckIn(id))?.dueAt.toISOString()).toBe('2026-12-24T10:00:00.000Z');
      expect(await db.scheduledJob.count({ where: { personId: id, kind: 'check-in', status: 'PENDING' } })).toBe(1);

      const never = bot.texts(await bot.say("don't text me unless I text you"));
      expect(never).toEqual([messages.rhythmSet('ONLY_WHEN_I_WRITE', null)]);
      expect(never[0]).toMatch(/won't text you first/);
      expect(await bot.person()).toMatchObject({ checkInRhythm: 'ONLY_WHEN_I_WRITE', checkInDay: null, optedOutAt: null });
      expect(await pendingCheckIn(id)).toBeNull();
    });
  });

  describe('asking for a coach', () => {
    it('emits handoff.initiate with a summary, puts them in Waiting, says when to expect a reply, then stays quiet', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      await bot.say('I love fishing');
      const replies = await bot.say('can someone ring me please');
      const handoff = replies.find((a) => a.type === 'event');
      expect(handoff).toMatchObject({ name: 'handoff.initiate', value: { summary: expect.stringContaining('What matters: I love fishing') } });
      expect(bot.texts(replies)).toEqual([messages.coachRequested('today, usually within a few hours')]);
      const { conversation } = await bot.person();
      expect(conversation).toMatchObject({ handoffState: 'WAITING' });
      expect(await db.handoff.count({ where: { conversationId: conversation?.id } })).toBe(1);

      expect(await bot.say('hello? anyone there')).toEqual([]);
    });

    it('tells them honestly when a coach will reply outside office hours', async () => {
      // Saturday evening in London.
      const bot = await newPerson('2026-11-28T19:00:00Z');
      await bot.say('hi');
      const replies = bot.texts(await bot.say('I want to speak to my coach'));
      expect(replies).toEqual([messages.coachRequested('on Monday after 9am')]);
    });
  });

  describe('the safety net', () => {
    it('replies at once with crisis routes and flags the conversation urgent for coaches', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      expect(bot.texts(await bot.say("i dont want to be here anymore, i've been saving my tablets"))).toEqual([messages.crisis()]);
      const person = await bot.person();
      expect(person.conversation?.urgentSince).not.toBeNull();
      expect(person.conversation?.handoffState).toBe('WAITING');
      const flag = await db.urgentFlag.findFirstOrThrow({ where: { personId: person.id } });
      expect(flag.reason).toMatch(/^crisis-message: /);
      expect(flag.reason).not.toMatch(/tablets/);
    });

    it('still answers a crisis message while a coach holds the conversation', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('can i talk to someone');
      expect(await bot.say('ok thanks')).toEqual([]);
      expect(bot.texts(await bot.say('i want to kill myself'))).toEqual([messages.crisis()]);
    });

    /** A crisis message that also asks to stop: crisis routes first, a coach alerted, opted out, then nothing. */
    async function crisisThenStop(text: string) {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      expect(bot.texts(await bot.say(text))).toEqual([messages.crisis(), messages.optedOut()]);
      const person = await bot.person();
      expect(person.optedOutAt).not.toBeNull();
      expect(person.conversation?.urgentSince).not.toBeNull();
      const flag = await db.urgentFlag.findFirstOrThrow({ where: { personId: person.id } });
      expect(flag.reason).toBe('crisis-message: suicide');
      expect(await bot.say('hello?')).toEqual([]);
      expect(await bot.say('what matters')).toEqual([]);
    }

    it('answers a crisis first when the same message asks to stop, flags it for a coach, opts them out, then stays silent', async () => {
      await crisisThenStop('I want to end it all, stop texting me');
    });

    it('treats a STOP tacked on to a crisis message as a STOP too', async () => {
      await crisisThenStop('I want to end it all, STOP');
    });
  });

  describe('STOP and START', () => {
    it('confirms once, then sends nothing until START', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      expect(bot.texts(await bot.say('STOP'))).toEqual([messages.optedOut()]);
      expect((await bot.person()).optedOutAt).not.toBeNull();
      expect(await bot.say('hello?')).toEqual([]);
      expect(await bot.say('what matters')).toEqual([]);
      expect(bot.texts(await bot.say('start'))).toEqual([messages.optedIn()]);
      expect((await bot.person()).optedOutAt).toBeNull();
      expect(bot.texts(await bot.say('hiya'))).toHaveLength(1);
    });

    it.each(['can we stop for a bit', 'I want to stop smoking', 'need to cancel Thursday'])('does not opt anyone out for "%s"', async (text) => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      expect(bot.texts(await bot.say(text)).length).toBeGreaterThan(0);
      expect((await bot.person()).optedOutAt).toBeNull();
    });

    it('notes the postcode district they give, and forgets it when asked', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      expect(bot.texts(await bot.say('my postcode is M9 4AB'))).toEqual([messages.areaNoted('M9')]);
      expect((await bot.person()).area).toBe('M9');
      expect(bot.texts(await bot.say('forget my area'))).toEqual([messages.areaForgotten()]);
      expect((await bot.person()).area).toBeNull();
    });

    it('passes "need to cancel Thursday" on to a coach, who finds it in Waiting with the words', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      const texts = bot.texts(await bot.say('need to cancel Thursday'));
      expect(texts).toEqual([expect.stringMatching(/^Thanks, I'll pass that on to a coach\. They'll usually reply /)]);
      const person = await bot.person();
      expect((await db.conversation.findUniqueOrThrow({ where: { personId: person.id } })).handoffState).toBe('WAITING');
      expect((await db.handoff.findFirstOrThrow({ where: { personId: person.id } })).reason).toBe('a message for their coach: need to cancel Thursday');
    });

    it('opts them out with the one confirmation while a coach holds the conversation', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('skip');
      const { conversation } = await bot.person();
      await db.conversation.update({ where: { id: conversation?.id }, data: { handoffState: 'WITH_COACH', waitingSince: null } });
      // The bot is quiet while the coach talks with them...
      expect(await bot.say('thanks for ringing earlier')).toEqual([]);
      // ...but STOP is still honoured, once.
      expect(bot.texts(await bot.say('STOP'))).toEqual([messages.optedOut()]);
      const person = await bot.person();
      expect(person.optedOutAt).not.toBeNull();
      expect(person.optOutSource).toBe('keyword');
      expect(await bot.say('hello?')).toEqual([]);
    });

    it('answers HELP in one text', async () => {
      const bot = await newPerson();
      expect(bot.texts(await bot.say('HELP'))).toEqual([messages.help({ privacyUrl: PRIVACY_URL })]);
    });
  });

  describe('their data', () => {
    it('erases everything after a clear yes, leaving only an audit event', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('Sam');
      await bot.say('I love baking');
      const { id } = await bot.person();
      expect(bot.texts(await bot.say('delete my data'))).toEqual([messages.deleteConfirm()]);
      expect(bot.texts(await bot.say('yes'))).toEqual([messages.deleteDone()]);
      expect(await db.person.findUnique({ where: { id } })).toBeNull();
      expect(await db.whatMattersItem.count({ where: { personId: id } })).toBe(0);
      expect(await db.auditEvent.count({ where: { personId: id, action: 'person.erased' } })).toBe(1);
    });

    it('keeps everything on a no', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('delete my data');
      expect(bot.texts(await bot.say('no'))).toEqual([messages.deleteKept()]);
      expect(await bot.person()).toBeTruthy();
    });

    it('sends a summary of what is kept', async () => {
      const bot = await newPerson();
      await bot.say('hi');
      await bot.say('Pat');
      await bot.say('I love walking');
      expect(bot.texts(await bot.say('send me my data'))[0]).toMatch(/^Here's what I keep: your name \(Pat\), \d+ messages, \d+ check-ins, and your list: I love walking/);
    });
  });

  describe('odd input', () => {
    it.each([['empty', ''], ['emoji only', '🌻🌻🌻'], ['control characters', '\u0000\u0007hi\u001b'], ['10,000 characters', 'a'.repeat(10_000)], ['right-to-left', 'مرحبا']])(
      'never crashes on %s',
      async (_label, text) => {
        const bot = await newPerson();
        await expect(bot.say(text)).resolves.toBeDefined();
      },
    );
  });
});
