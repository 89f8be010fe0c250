// One database's bench:scheduler run: migrate and seed paused people with due resumptions, start
// the fake Twilio API and the real Lantern server in its own process, and time how long until
// every resumption text has reached the fake API; then check that each went exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { startFakeTwilioApi, type FakeTwilioApi } from '../../tests/fakes/fake-twilio-api';
import { messages } from '../../dialogs/messages';
import type { BenchDatabase } from './bench-database';
import { lanternEnvironment, NO_QUIET_HOURS } from './lantern-environment';
import { cpuMeter, round, sampleMemory } from './process-sampler';
import { freePort, PROJECT_ROOT, sleep, startTs, stopProcess, tail, waitForHttp } from './processes';
import { seedPausedPeople, type SchedulerSeed } from './scheduler-seed';
import { LANTERN_NUMBER } from './twilio-webhooks';

export interface SchedulerBenchSettings {
  resumptions: number;
  /** The whole run, from the server's start to the last text, is bounded by this; beyond it is a MISMATCH. */
  timeoutSeconds: number;
  /** After everything is done: how long to keep listening for a late duplicate. */
  settleSeconds: number;
  /** The server to start: `built` runs `entry` (compiled JavaScript), `tsx` runs src/index.ts. */
  server: 'built' | 'tsx';
  entry: string;
  nodeOptions: string[];
  cpuProfileDir: string | null;
}

export interface SchedulerCheck {
  verdict: 'MATCH' | 'MISMATCH';
  problems: string[];
  textsReceived: number;
  phonesTexted: number;
  phonesTextedTwice: number;
  jobsByStatus: Record<string, number>;
  resumptionMessages: number;
  resumptionMessagesByStatus: Record<string, number>;
  outboxLeft: number;
  stillPaused: number;
  checkInsScheduled: number;
}

export interface SchedulerResult {
  provider: BenchDatabase['provider'];
  seed: { people: number; withRhythm: number; dueAt: string; migrateSeconds: number; seedSeconds: number };
  /** From the server's start (process spawned) … */
  readySeconds: number | null;
  firstTextSeconds: number | null;
  /** … to the last resumption text received by the fake Twilio API: the figure the target is about. */
  totalSeconds: number | null;
  /** … to every job done and the outbox empty in the database. */
  settledSeconds: number | null;
  /** Texts divided by the time from the server's start to the last text (to the last so far, after a timeout). */
  textsPerSecond: number;
  /** Texts divided by the time from the first text to the last. */
  sendingTextsPerSecond: number;
  peakRssMiB: number;
  rssSamples: number;
  /** CPU seconds from the server's start until everything was done (or the timeout). */
  cpuSeconds: Record<string, number>;
  timedOut: boolean;
  serverExitCode: number | null;
  /** Texts received, pending resume jobs and outbox entries each second. */
  progress: Array<{ second: number; texts: number; pendingJobs: number; outbox: number }>;
  check: SchedulerCheck;
}

/** Direct reads of the bench database: better-sqlite3 read-only, or pg. */
interface Reader {
  all(sql: string): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

async function openReader(database: BenchDatabase): Promise<Reader> {
  if (database.provider === 'sqlite') {
    const db = new BetterSqlite3(database.url.slice('file:'.length), { readonly: true, fileMustExist: true });
    return { all: async (sql) => db.prepare(sql).all() as Array<Record<string, unknown>>, close: async () => { db.close(); } };
  }
  const client = new Client({ connectionString: database.url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  return { all: async (sql) => (await client.query(sql)).rows as Array<Record<string, unknown>>, close: () => client.end() };
}

const PROGRESS_SQL = `SELECT (SELECT COUNT(*) FROM "ScheduledJob" WHERE "kind" = 'resume' AND "status" = 'PENDING') AS pending,
  (SELECT COUNT(*) FROM "OutboxEntry") AS outbox`;

export async function runSchedulerProvider(database: BenchDatabase, settings: SchedulerBenchSettings): Promise<SchedulerResult> {
  const log = (text: string) => console.log(`  ${database.provider}: ${text}`);
  log(`migrating and seeding ${settings.resumptions.toLocaleString('en-GB')} paused people with due resumptions…`);
  const seed = await seedPausedPeople(database.url, settings.resumptions);
  log(`migrated in ${round(seed.migrateSeconds)} s, seeded in ${round(seed.seedSeconds)} s (${seed.withRhythm} with a weekly check-in to schedule)`);

  const fake = await startFakeTwilioApi();
  const workDir = mkdtempSync(path.join(os.tmpdir(), `lantern-bench-scheduler-${database.provider}-`));
  const reader = await openReader(database);
  const port = await freePort();
  const entry = settings.server === 'built' ? settings.entry : path.join(PROJECT_ROOT, 'src', 'index.ts');
  const startedAt = Date.now();
  const server = startTs(entry, {
    // The seeded organisation is the only one: no demo.
    env: lanternEnvironment({ port, databaseUrl: database.url, fake, seedDemoData: false }, NO_QUIET_HOURS),
    logFile: path.join(workDir, 'lantern-server.log'),
    nodeArgs: [...settings.nodeOptions, ...(settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [])],
  });
  const memory = sampleMemory(server.pid);
  const cpu = cpuMeter({ server: server.pid, harness: process.pid });
  const progress: SchedulerResult['progress'] = [];
  const seconds = (at: number) => round((at - startedAt) / 1000, 2);
  let readySeconds: number | null = null;
  let settledSeconds: number | null = null;
  let cpuSeconds: Record<string, number> = {};
  let serverExitCode: number | null = null;
  let timedOut = false;
  let failed = false;
  const watch = setInterval(() => {
    reader.all(PROGRESS_SQL).then(
      ([row]) => progress.push({ second: Math.round((Date.now() - startedAt) / 1000), texts: fake.sent.length, pendingJobs: Number(row?.pending), outbox: Number(row?.outbox) }),
      () => undefined,
    );
  }, 1_000);
  try {
    const deadline = startedAt + settings.timeoutSeconds * 1000;
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, server, Math.max(1_000, deadline - Date.now()));
    readySeconds = seconds(Date.now());
    log(`server ready after ${readySeconds} s; ${fake.sent.length} text(s) so far`);
    let lastReport = Date.now();
    // Done when the fake API has every text and the database agrees (every job finished, outbox empty).
    while (Date.now() < deadline) {
      if (server.child.exitCode !== null) throw new Error(`the server exited with ${server.child.exitCode}; see ${server.logFile}`);
      if (fake.sent.length >= settings.resumptions) {
        const [row] = await reader.all(PROGRESS_SQL);
        if (Number(row?.pending) === 0 && Number(row?.outbox) === 0) {
          settledSeconds = seconds(Date.now());
          break;
        }
      }
      if (Date.now() - lastReport >= 10_000) {
        lastReport = Date.now();
        log(`${seconds(Date.now())} s: ${fake.sent.length.toLocaleString('en-GB')} texts received`);
      }
      await sleep(100);
    }
    cpuSeconds = cpu.stop();
    timedOut = settledSeconds === null;
    if (timedOut) log(`timed out after ${settings.timeoutSeconds} s with ${fake.sent.length.toLocaleString('en-GB')} of ${settings.resumptions.toLocaleString('en-GB')} texts`);
    // A text sent twice may come a little after the rest (a retry): listen a while longer.
    else await sleep(settings.settleSeconds * 1000);
  } catch (error) {
    failed = true;
    console.error(`Lantern server log (last lines of ${server.logFile}):\n${tail(server.logFile)}`);
    throw error;
  } finally {
    clearInterval(watch);
    memory.stop();
    if (Object.keys(cpuSeconds).length === 0) cpuSeconds = cpu.stop();
    serverExitCode = await stopProcess(server);
    if (serverExitCode !== 0) console.warn(`  Lantern exited with ${serverExitCode}; see ${server.logFile}`);
    if (failed) {
      await reader.close().catch(() => undefined);
      await fake.close();
    }
  }

  try {
    const check = await checkResumptions(reader, fake, seed, timedOut);
    if (serverExitCode !== 0) {
      check.problems.push(`the server exited with ${serverExitCode}`);
      check.verdict = 'MISMATCH';
    }
    const texts = fake.sent.filter((m) => m.receivedAt.getTime() >= startedAt);
    const first = texts.length ? Math.min(...texts.map((m) => m.receivedAt.getTime())) : null;
    const last = texts.length ? Math.max(...texts.map((m) => m.receivedAt.getTime())) : null;
    const totalSeconds = !timedOut && last !== null ? seconds(last) : null;
    const firstTextSeconds = first !== null ? seconds(first) : null;
    if (check.verdict === 'MATCH') rmSync(workDir, { recursive: true, force: true });
    else console.log(`  server log kept in ${workDir}`);
    return {
      provider: database.provider,
      seed: { people: seed.people.length, withRhythm: seed.withRhythm, dueAt: seed.dueAt.toISOString(), migrateSeconds: round(seed.migrateSeconds, 2), seedSeconds: round(seed.seedSeconds, 2) },
      readySeconds,
      firstTextSeconds,
      totalSeconds,
      settledSeconds,
      // Over the run so far when it timed out.
      textsPerSecond: last !== null && last > startedAt ? round(texts.length / ((last - startedAt) / 1000)) : 0,
      sendingTextsPerSecond: first !== null && last !== null && last > first ? round(texts.length / ((last - first) / 1000)) : 0,
      peakRssMiB: round(memory.peakBytes() / 2 ** 20),
      rssSamples: memory.samples(),
      cpuSeconds,
      timedOut,
      serverExitCode,
      progress,
      check,
    };
  } finally {
    await reader.close().catch(() => undefined);
    await fake.close();
  }
}

const count = (rows: Array<Record<string, unknown>>) => Object.fromEntries(rows.map((r) => [String(r.status), Number(r.n)]));

/**
 * What must hold: the fake Twilio API received exactly one text per person, the resumption with
 * their name, from Lantern's number; every resume job is DONE; each person has exactly one new
 * outbound message, handed to Twilio (SENDING: Twilio's "queued", as no delivery reports come in
 * the bench) with the SID of exactly one text the fake received; the outbox is empty; nobody is
 * still paused; and everyone with a rhythm has their next check-in scheduled.
 */
async function checkResumptions(reader: Reader, fake: FakeTwilioApi, seed: SchedulerSeed, timedOut: boolean): Promise<SchedulerCheck> {
  const problems: string[] = [];
  const n = seed.people.length;
  if (timedOut) problems.push('not everything was sent and recorded before the timeout');

  const byPhone = new Map<string, typeof fake.sent>();
  for (const text of fake.sent) byPhone.set(text.to, [...(byPhone.get(text.to) ?? []), text]);
  const twice = [...byPhone.values()].filter((texts) => texts.length > 1).length;
  const people = new Map(seed.people.map((p) => [p.phone, p]));
  const missing = seed.people.filter((p) => !byPhone.has(p.phone)).length;
  const strangers = [...byPhone.keys()].filter((phone) => !people.has(phone)).length;
  const wrongBody = fake.sent.filter((m) => m.body !== messages.resumption(people.get(m.to)?.preferredName ?? null)).length;
  const wrongFrom = fake.sent.filter((m) => m.from !== LANTERN_NUMBER).length;
  if (fake.sent.length !== n) problems.push(`fake Twilio received ${fake.sent.length} texts for ${n} resumptions`);
  if (twice > 0) problems.push(`${twice} phone(s) got more than one text`);
  if (missing > 0) problems.push(`${missing} phone(s) got no text`);
  if (strangers > 0) problems.push(`${strangers} text(s) went to a number nobody seeded`);
  if (wrongBody > 0) problems.push(`${wrongBody} text(s) are not the person's resumption message`);
  if (wrongFrom > 0) problems.push(`${wrongFrom} text(s) not from Lantern's number`);

  const jobsByStatus = count(await reader.all(`SELECT "status" AS status, COUNT(*) AS n FROM "ScheduledJob" WHERE "kind" = 'resume' GROUP BY "status"`));
  if ((jobsByStatus.DONE ?? 0) !== n) problems.push(`${jobsByStatus.DONE ?? 0} of ${n} resume jobs are DONE (${JSON.stringify(jobsByStatus)})`);
  const unfinished = Number((await reader.all(`SELECT COUNT(*) AS n FROM "ScheduledJob" WHERE "kind" = 'resume' AND "status" = 'DONE' AND "finishedAt" IS NULL`))[0]?.n);
  if (unfinished > 0) problems.push(`${unfinished} DONE job(s) without finishedAt`);

  const sent = await reader.all(`SELECT m."personId" AS "personId", m."status" AS status, m."providerMessageId" AS sid, m."body" AS body, p."phone" AS phone
    FROM "Message" m JOIN "Person" p ON p."id" = m."personId" WHERE m."direction" = 'OUTBOUND' AND m."seq" > ${seed.messagesEach}`);
  const perPerson = new Map<string, number>();
  for (const row of sent) perPerson.set(String(row.personId), (perPerson.get(String(row.personId)) ?? 0) + 1);
  const resumptionMessagesByStatus: Record<string, number> = {};
  for (const row of sent) resumptionMessagesByStatus[String(row.status)] = (resumptionMessagesByStatus[String(row.status)] ?? 0) + 1;
  if (sent.length !== n) problems.push(`${sent.length} outbound messages written for ${n} resumptions`);
  const doubled = [...perPerson.values()].filter((k) => k > 1).length;
  if (doubled > 0) problems.push(`${doubled} person(s) have more than one resumption message`);
  const handedOver = new Set(['SENDING', 'SENT', 'DELIVERED']);
  const notSent = sent.filter((row) => !handedOver.has(String(row.status))).length;
  if (notSent > 0) problems.push(`${notSent} resumption message(s) not handed to Twilio (${JSON.stringify(resumptionMessagesByStatus)})`);
  const fakeBySid = new Map(fake.sent.map((m) => [m.sid, m]));
  const sids = sent.map((row) => row.sid).filter((sid): sid is string => typeof sid === 'string');
  const unmatched = sent.filter((row) => {
    const text = typeof row.sid === 'string' ? fakeBySid.get(row.sid) : undefined;
    return !text || text.to !== row.phone || text.body !== row.body;
  }).length;
  if (unmatched > 0) problems.push(`${unmatched} message(s) hold no SID of a text fake Twilio received for them`);
  const recorded = new Set(sids);
  const unrecorded = fake.sent.filter((m) => !recorded.has(m.sid)).length;
  if (unrecorded > 0) problems.push(`${unrecorded} text(s) reached fake Twilio that no message records (sent twice)`);
  if (recorded.size !== sids.length) problems.push('two messages hold the same SID');

  const outboxLeft = Number((await reader.all('SELECT COUNT(*) AS n FROM "OutboxEntry"'))[0]?.n);
  if (outboxLeft > 0) problems.push(`${outboxLeft} outbox entr(ies) left`);
  const stillPaused = Number((await reader.all('SELECT COUNT(*) AS n FROM "Person" WHERE "pausedAt" IS NOT NULL'))[0]?.n);
  if (stillPaused > 0) problems.push(`${stillPaused} person(s) still paused`);
  const checkInsScheduled = Number((await reader.all(`SELECT COUNT(*) AS n FROM "ScheduledJob" WHERE "kind" = 'check-in' AND "status" = 'PENDING'`))[0]?.n);
  if (!timedOut && checkInsScheduled !== seed.withRhythm) problems.push(`${checkInsScheduled} check-ins scheduled for ${seed.withRhythm} people with a rhythm`);

  return {
    verdict: problems.length === 0 ? 'MATCH' : 'MISMATCH',
    problems,
    textsReceived: fake.sent.length,
    phonesTexted: byPhone.size,
    phonesTextedTwice: twice,
    jobsByStatus,
    resumptionMessages: sent.length,
    resumptionMessagesByStatus,
    outboxLeft,
    stillPaused,
    checkInsScheduled,
  };
}
