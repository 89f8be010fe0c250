import { benchPhones } from '../../bench/lib/twilio-webhooks';
import { sleep } from '../../bench/lib/processes';
import { checkExactlyOnce } from './harness/exactly-once';
import { backlog, faultSuite, testProvider, timeline, until, waitForDrain } from './harness/fault-harness';
import { mixedTexts } from './harness/webhook-driver';

// SIGKILL the real server three times while signed webhooks from many phones arrive, turns run
// and the outbox sends (some sends held by fake Twilio so they are in flight at the kill), start
// it again on the same database each time, and prove nothing acknowledged was lost or doubled.

const TEXTS = Number(process.env.FAULTS_TEXTS ?? 2000);
const CONCURRENCY = 24;
// Paced so the load lasts about 50 s: long enough to be killed twice in the middle of it.
const RATE = 40;
const PHONES = 300;
// After a kill the dead instance's answering leases (30 s), outbox claims (60 s) and the
// unanswered sweep (every 15 s, for messages 30 s old) bound how soon everything is answered.
const DRAIN_MS = 300_000;

describe(`SIGKILL mid-load (${testProvider})`, () => {
  const suite = faultSuite('kill');

  it('stores and answers every acknowledged text once, and sends every reply once, across three kills', async () => {
    const { database, fake, lantern } = suite;
    const log = timeline(`kill ${testProvider}`);
    await lantern.start();
    const direct = await database.direct();
    const signedUrl = `${lantern.baseUrl}/api/sms/inbound`;
    const driver = suite.webhookDriver({ url: signedUrl, concurrency: CONCURRENCY, ratePerSecond: RATE });
    const load = driver.run(mixedTexts({ authToken: fake.authToken, accountSid: fake.accountSid, signedUrl, phones: benchPhones(PHONES), count: TEXTS, seed: 7 }), 240_000);
    const state = async () => ({ accepted: driver.accepted, inFlight: driver.inFlightNow, sentByTwilio: fake.sent.length, ...(await backlog(direct)) });

    /** Holds the next few sends at fake Twilio (recorded, answered late), then kills while they hang. */
    const killWithSendsInFlight = async (label: string) => {
      const before = fake.requests;
      for (let i = 0; i < 6; i++) fake.delayNext(5_000);
      await until(() => fake.requests >= before + 3, 5_000);
      log(`${label}: SIGKILL with ${fake.requests - before} send(s) held at fake Twilio; ${JSON.stringify(await state())}`);
      await lantern.kill();
    };

    // Kill 1: mid-load, once the outbox is sending.
    await until(() => driver.accepted >= TEXTS * 0.3 && fake.sent.length >= 50, 120_000);
    await killWithSendsInFlight('kill 1 (mid-load)');
    await sleep(500);
    await lantern.start();
    log(`restarted; ${JSON.stringify(await state())}`);

    // Kill 2: a few seconds into the recovery of the first, still under load.
    await sleep(4_000);
    await killWithSendsInFlight('kill 2 (during recovery, under load)');
    await lantern.start();
    log(`restarted; ${JSON.stringify(await state())}`);

    await load;
    log(`load done: ${driver.accepted}/${driver.texts.size} accepted`);

    // Kill 3: after the load, while turns and the outbox work through the backlog.
    const left = await backlog(direct);
    if (left.outbox > 0 || left.unanswered > 0) await killWithSendsInFlight('kill 3 (draining)');
    else log('kill 3 skipped: the backlog had already drained');
    if (!lantern.alive) await lantern.start();
    // Texts still unacknowledged (the last kill caught them) are retried until accepted.
    await driver.run(() => null, 60_000);

    const drainSeconds = await waitForDrain(direct, DRAIN_MS, log);
    const result = await checkExactlyOnce(direct, fake, driver.texts.values());
    const failedAttempts = [...driver.texts.values()].flatMap((t) => t.attempts).filter((a) => a.status === undefined || a.status >= 300).length;
    log(`drained in ${drainSeconds} s; ${failedAttempts} failed webhook attempt(s); ${JSON.stringify(result.summary)}`);
    if (result.problems.length > 0) console.log(`problems:\n- ${result.problems.join('\n- ')}\n${lantern.logTail(15)}`);
    expect(result.problems).toEqual([]);
    expect(result.summary.accepted).toBe(TEXTS);
    suite.passed();
  });
});
