import { benchPhones } from '../../bench/lib/twilio-webhooks';
import { sleep } from '../../bench/lib/processes';
import { checkExactlyOnce } from './harness/exactly-once';
import { faultSuite, testProvider, timeline, until, waitForDrain } from './harness/fault-harness';
import { fixedTexts } from './harness/webhook-driver';

// People pause by text ("pause for 2 weeks"); their resumptions are then made due by moving the
// jobs' due time into the past in the database. The server is SIGKILLed twice while the
// scheduler works through them and sends, and started again: each job must be done exactly once
// and each person must get exactly one resumption text.

const PEOPLE = 120;
const RESUMPTION = 'You asked me to check back in around now.';
// The scheduler polls every 15 s and takes 50 jobs a round; a dead worker's claims last 120 s.
const DRAIN_MS = 330_000;

describe(`scheduled jobs survive SIGKILL (${testProvider})`, () => {
  const suite = faultSuite('scheduler');

  it('does each due resumption once and sends each resumption text once, across two kills', async () => {
    const { database, fake, lantern } = suite;
    const log = timeline(`scheduler ${testProvider}`);
    await lantern.start();
    const direct = await database.direct();
    const signedUrl = `${lantern.baseUrl}/api/sms/inbound`;
    const phones = benchPhones(PEOPLE);
    const driver = suite.webhookDriver({ url: signedUrl, concurrency: 16 });
    const say = (body: string) => driver.run(fixedTexts({ authToken: fake.authToken, accountSid: fake.accountSid, signedUrl, texts: phones.map((phone) => ({ phone, body })) }), 120_000);

    await say('hi');
    await waitForDrain(direct, 120_000, log);
    await say('pause for 2 weeks');
    await waitForDrain(direct, 120_000, log);
    const jobs = await direct.all(`SELECT "id" AS id, "personId" AS person FROM "ScheduledJob" WHERE "kind" = 'resume' AND "status" = 'PENDING'`);
    log(`${jobs.length} pending resumption(s) for ${PEOPLE} people`);
    expect(jobs).toHaveLength(PEOPLE);

    // Due a minute ago: the scheduler's next round (every 15 s, 50 jobs a round) takes them.
    await direct.run(`UPDATE "ScheduledJob" SET "dueAt" = $1 WHERE "kind" = 'resume' AND "status" = 'PENDING'`, [direct.time(new Date(Date.now() - 60_000))]);
    const resumptionsSent = () => fake.sent.filter((sent) => sent.body.includes(RESUMPTION)).length;
    const killWhileSending = async (label: string, atLeast: number) => {
      const reached = await until(() => resumptionsSent() >= atLeast, 60_000);
      const before = fake.requests;
      for (let i = 0; i < 4; i++) fake.delayNext(5_000);
      await until(() => fake.requests >= before + 2, 3_000);
      const [row] = await direct.all(`SELECT COUNT(*) AS n FROM "ScheduledJob" WHERE "kind" = 'resume' AND "status" = 'DONE'`);
      log(`${label}: SIGKILL (${reached ? '' : 'timed out waiting; '}${resumptionsSent()} resumption text(s) sent, ${String(row?.n)} job(s) done, ${fake.requests - before} send(s) held)`);
      await lantern.kill();
    };

    await killWhileSending('kill 1 (first round)', 10);
    await sleep(500);
    await lantern.start();
    log('restarted');
    await killWhileSending('kill 2 (after the restart)', resumptionsSent() + 10);
    await lantern.start();
    log('restarted');

    const drainSeconds = await waitForDrain(direct, DRAIN_MS, log);
    const byPerson = await direct.all(`SELECT "personId" AS person, "status" AS status, COUNT(*) AS n FROM "ScheduledJob" WHERE "kind" = 'resume' GROUP BY "personId", "status"`);
    const paused = await direct.all(`SELECT COUNT(*) AS n FROM "Person" WHERE "pausedAt" IS NOT NULL`);
    const resumptionMessages = await direct.all(`SELECT "conversationId" AS conv, COUNT(*) AS n FROM "Message" WHERE "direction" = 'OUTBOUND' AND "body" LIKE $1 GROUP BY "conversationId"`, [`%${RESUMPTION}%`]);
    const sendsByPhone = new Map<string, number>();
    for (const sent of fake.sent) if (sent.body.includes(RESUMPTION)) sendsByPhone.set(sent.to, (sendsByPhone.get(sent.to) ?? 0) + 1);

    const problems: string[] = [];
    const done = byPerson.filter((row) => row.status === 'DONE');
    const notDone = byPerson.filter((row) => row.status !== 'DONE');
    if (done.length !== PEOPLE || done.some((row) => Number(row.n) !== 1)) problems.push(`resumption jobs DONE: ${done.length} people, counts ${JSON.stringify([...new Set(done.map((r) => Number(r.n)))])}; expected one each for ${PEOPLE}`);
    if (notDone.length > 0) problems.push(`resumption jobs not DONE: ${JSON.stringify(notDone.slice(0, 5))}`);
    if (Number(paused[0]?.n) !== 0) problems.push(`${String(paused[0]?.n)} people still paused`);
    if (resumptionMessages.length !== PEOPLE || resumptionMessages.some((row) => Number(row.n) !== 1)) problems.push(`resumption messages: ${resumptionMessages.length} conversations, ${resumptionMessages.filter((r) => Number(r.n) > 1).length} with more than one`);
    if (sendsByPhone.size !== PEOPLE || [...sendsByPhone.values()].some((n) => n !== 1)) problems.push(`resumption texts at fake Twilio: ${sendsByPhone.size} phones, ${[...sendsByPhone.values()].filter((n) => n > 1).length} texted more than once`);
    // Each person's one resumption is a commit Lantern started itself.
    const extraCommits = new Map(resumptionMessages.map((row) => [String(row.conv), 1]));
    const general = await checkExactlyOnce(direct, fake, driver.texts.values(), { extraCommits });
    problems.push(...general.problems);
    log(`drained in ${drainSeconds} s; ${resumptionsSent()} resumption text(s) sent; ${JSON.stringify(general.summary)}`);
    if (problems.length > 0) console.log(`problems:\n- ${problems.join('\n- ')}\n${lantern.logTail(15)}`);
    expect(problems).toEqual([]);
    suite.passed();
  });
});
