import { readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { benchPhones } from '../../bench/lib/twilio-webhooks';
import { sleep } from '../../bench/lib/processes';
import { checkExactlyOnce } from './harness/exactly-once';
import { faultSuite, testProvider, timeline, until, waitForDrain, type DirectDb } from './harness/fault-harness';
import { mixedTexts, TWILIO_TIMEOUT_MS, type Attempt } from './harness/webhook-driver';

// The database goes away for a few seconds while webhooks arrive, and comes back by itself.
//
// PostgreSQL: every backend of Lantern's database is terminated (pg_terminate_backend) again and
// again for a few seconds, so queries, transactions and fresh pool connections all fail.
//
// SQLite: another process takes the database's write lock (BEGIN IMMEDIATE) and holds it for
// longer than Lantern's busy_timeout (5 s), so Lantern's writes fail with SQLITE_BUSY, as they
// would behind a backup or an admin tool holding the file. (Renaming the files away or chmod-ing
// the directory does not make anything fail: Lantern keeps the database and its WAL open, and
// writes through those descriptors carry on; the tests run as root besides.)
//
// Proved: every webhook during the outage is answered within Twilio's 15 s, with 2xx TwiML or a
// 5xx with a JSON or TwiML body, never a reset or a hang, and the process stays up; Twilio-style
// retries of the failed ones succeed afterwards; nothing acknowledged is lost or doubled; the
// outbox and the turns recover by themselves.

const TEXTS = 1200;
const RATE = 30;
const SQLITE_LOCK_MS = 10_000;
const POSTGRES_OUTAGE_MS = 6_000;
// Turns that failed in the outage are answered by the sweep for unanswered messages (every 15 s, for messages 30 s old).
const DRAIN_MS = 300_000;

describe(`the database disappears for a few seconds (${testProvider})`, () => {
  const suite = faultSuite('outage');

  it('answers webhooks cleanly during the outage, accepts the retries, and loses and doubles nothing', async () => {
    const { database, fake, lantern } = suite;
    const log = timeline(`outage ${testProvider}`);
    await lantern.start();
    const pid = lantern.pid;
    const direct = await database.direct();
    const signedUrl = `${lantern.baseUrl}/api/sms/inbound`;
    const driver = suite.webhookDriver({ url: signedUrl, concurrency: 16, ratePerSecond: RATE });
    const load = driver.run(mixedTexts({ authToken: fake.authToken, accountSid: fake.accountSid, signedUrl, phones: benchPhones(300), count: TEXTS, seed: 11 }), 240_000);

    await until(() => driver.accepted >= 300 && fake.sent.length >= 50, 60_000);
    // Twilio's retries come after the outage, not during it.
    driver.retrying = false;
    const outageStart = Date.now();
    log(`outage begins (${driver.accepted} accepted, ${fake.sent.length} sent)`);
    const outage = database.config.provider === 'sqlite'
      ? await holdSqliteWriteLock(database.config.filePath, SQLITE_LOCK_MS)
      : await terminateBackends(direct, POSTGRES_OUTAGE_MS);
    const outageEnd = Date.now();
    log(`outage over: ${outage}`);
    await sleep(1_000);
    driver.retrying = true;
    await load;
    // Anything still unaccepted when the load's time ran out is retried until accepted.
    await driver.run(() => null, 60_000);
    log(`load done: ${driver.accepted}/${driver.texts.size} accepted`);

    const drainSeconds = await waitForDrain(direct, DRAIN_MS, log);
    const result = await checkExactlyOnce(direct, fake, driver.texts.values());
    const attempts = [...driver.texts.values()].flatMap((t) => t.attempts);
    const during = attempts.filter((a) => a.at + a.ms >= outageStart && a.at <= outageEnd);
    const failedDuring = during.filter((a) => a.status === undefined || a.status >= 300);
    const statuses = countBy(attempts, (a) => a.error ?? String(a.status));
    const slowest = Math.max(...attempts.map((a) => a.ms));
    log(`drained in ${drainSeconds} s; attempts ${JSON.stringify(statuses)}; during the outage ${during.length} answered, ${failedDuring.length} failed; slowest ${slowest} ms; ${JSON.stringify(result.summary)}`);

    const problems = [...result.problems];
    const unclean = attempts.filter((a) => !cleanAnswer(a));
    if (unclean.length > 0) problems.push(`${unclean.length} webhook(s) not answered cleanly: ${JSON.stringify(countBy(unclean, describeAttempt))} e.g. ${JSON.stringify(unclean.slice(0, 3))}`);
    const loggedErrors = lantern.logFiles.map((file) => (readFileSync(file, 'utf8').match(/"level":50/g) ?? []).length).reduce((a, b) => a + b, 0);
    log(`the server logged ${loggedErrors} error(s)`);
    if (failedDuring.length === 0 && loggedErrors === 0) problems.push('nothing failed during the outage: the fault did not bite');
    if (!lantern.alive || lantern.pid !== pid) problems.push('the Lantern process did not stay up');
    const ready = await fetch(`${lantern.baseUrl}/readyz`).then((r) => r.status, () => 0);
    if (ready !== 200) problems.push(`/readyz answers ${ready} after the outage`);
    if (problems.length > 0) console.log(`problems:\n- ${problems.join('\n- ')}\n${lantern.logTail(15)}`);
    expect(problems).toEqual([]);
    suite.passed();
  });
});

/** 2xx TwiML, or a 5xx with a JSON or TwiML body, within Twilio's 15 s. */
function cleanAnswer(a: Attempt): boolean {
  if (a.error !== undefined || a.status === undefined || a.ms >= TWILIO_TIMEOUT_MS) return false;
  const typed = /json|xml/.test(a.contentType ?? '') && (a.body ?? '').length > 0;
  if (a.status >= 200 && a.status < 300) return /xml/.test(a.contentType ?? '');
  return a.status >= 500 && typed;
}

const describeAttempt = (a: Attempt): string => a.error ?? `${a.status} ${a.contentType}${a.ms >= TWILIO_TIMEOUT_MS ? ' (slow)' : ''}`;

function countBy<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** Another process takes SQLite's write lock and holds it; Lantern's writes wait 5 s, then fail with SQLITE_BUSY. */
async function holdSqliteWriteLock(filePath: string, ms: number): Promise<string> {
  const holder = new BetterSqlite3(filePath, { fileMustExist: true });
  try {
    holder.pragma('busy_timeout = 10000');
    holder.exec('BEGIN IMMEDIATE');
    const took = Date.now();
    await sleep(ms);
    holder.exec('ROLLBACK');
    return `write lock held for ${Date.now() - took} ms`;
  } finally {
    holder.close();
  }
}

/** Terminates every backend of Lantern's database except our own, every 100 ms for `ms`. */
async function terminateBackends(direct: DirectDb, ms: number): Promise<string> {
  const deadline = Date.now() + ms;
  let terminated = 0;
  while (Date.now() < deadline) {
    const rows = await direct.all('SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    terminated += rows.filter((row) => row.ok === true).length;
    await sleep(100);
  }
  return `${terminated} backend(s) terminated over ${ms} ms`;
}
