// One database's bench:inbox run: migrate with Lantern's own runner, seed with bulk SQL, start the
// real server in its own process, sign in as a coach, time the inbox API one request at a time,
// then explain the SQL behind each endpoint.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { startFakeTwilioApi } from '../../tests/fakes/fake-twilio-api';
import { toDatabaseConfig } from '../../src/config/load-config';
import { applyMigrations } from '../../src/db/migrations';
import { hashPassword } from '../../src/lib/password';
import { SESSION_COOKIE } from '../../src/api/auth/session-cookie';
import type { BenchDatabase, Provider } from './bench-database';
import { explainEndpoints, type EndpointPlans } from './inbox-plans';
import { seedInboxData, type SeedSummary } from './inbox-seed';
import { lanternEnvironment } from './lantern-environment';
import { cpuMeter, round, sampleMemory } from './process-sampler';
import { freePort, PROJECT_ROOT, startTs, stopProcess, tail, waitForHttp } from './processes';

export interface InboxBenchSettings {
  people: number;
  messages: number;
  coaches: number;
  caseload: number;
  requests: number;
  warmup: number;
  /** Each endpoint stops after this long even if it has not made `requests` requests. */
  endpointSeconds: number;
  /** BENCH_EXPERIMENT: raw-SQL indexes created after seeding (see EXPERIMENTS). */
  experiments: string[];
  explain: boolean;
  /** `built`: run `entry` (compiled JavaScript) with `nodeOptions`, as production does; `tsx`: src/index.ts through tsx. */
  server: 'built' | 'tsx';
  entry: string;
  nodeOptions: string[];
}

export interface Latency { p50: number; p95: number; p99: number; max: number; mean: number }

export interface EndpointFigures {
  endpoint: string;
  example: string;
  requests: number;
  /** Rows (people or messages) in the last answer, to show the work was real. */
  rowsInAnswer: number;
  latencyMs: Latency;
  errors: number;
  stoppedByTime: boolean;
}

export interface InboxProviderResult {
  provider: Provider;
  experiments: string[];
  seed: Omit<SeedSummary, 'busiestPeople' | 'searchPhones' | 'searchNames' | 'coachId' | 'organisationId'> & {
    migrateSeconds: number;
    analyseSeconds: number;
    experimentSeconds: number;
    busiestMessages: number[];
  };
  endpoints: EndpointFigures[];
  server: { peakRssMiB: number; peakRssDuringRequestsMiB: number; rssSamples: number; cpuSeconds: number; readySeconds: number };
  plans: EndpointPlans[];
}

const PASSWORD = 'bench inbox coach password 2026';
const READY_TIMEOUT_MS = 180_000;
const REQUEST_TIMEOUT_MS = 30_000;
const SEED = 20261202;

/**
 * Indexes tried without a migration (prisma/ is not the bench's to change): each is the index a
 * Prisma `@@index` line would create, under the name Prisma would give it.
 */
export const EXPERIMENTS: Record<string, { prisma: string; sql: string[] }> = {
  // The Paused queue: the organisation's paused people by index, instead of all its people.
  'person-paused': {
    prisma: 'model Person: @@index([organisationId, pausedAt])',
    sql: ['CREATE INDEX "Person_organisationId_pausedAt_idx" ON "Person"("organisationId", "pausedAt")'],
  },
  // First-reply waits: the week's handoffs by index, instead of reading every handoff.
  'handoff-requested': {
    prisma: 'model Handoff: @@index([requestedAt])',
    sql: ['CREATE INDEX "Handoff_requestedAt_idx" ON "Handoff"("requestedAt")'],
  },
};

/** Everything for one database; `database` is fresh and empty, and the caller removes it. */
export async function runInboxProvider(database: BenchDatabase, settings: InboxBenchSettings): Promise<InboxProviderResult> {
  const config = toDatabaseConfig(database.url);
  const log = (text: string) => console.log(`  ${database.provider}: ${text}`);

  let t = Date.now();
  await applyMigrations(config);
  const migrateSeconds = (Date.now() - t) / 1000;
  log(`migrated in ${round(migrateSeconds, 1)} s; seeding ${settings.people.toLocaleString('en-GB')} people, ${settings.messages.toLocaleString('en-GB')} messages, ${settings.coaches} coaches…`);

  const seedSettings = { people: settings.people, messages: settings.messages, coaches: settings.coaches, caseload: settings.caseload, passwordHash: await hashPassword(PASSWORD), seed: SEED };
  let seed: SeedSummary;
  let analyseSeconds = 0;
  let experimentSeconds = 0;
  if (config.provider === 'sqlite') {
    seed = await seedInboxData({ provider: 'sqlite', filePath: config.filePath }, seedSettings);
    t = Date.now();
    withSqlite(config.filePath, (db) => { for (const name of settings.experiments) for (const sql of EXPERIMENTS[name]?.sql ?? []) db.exec(sql); });
    experimentSeconds = (Date.now() - t) / 1000;
  } else {
    const client = new Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: new URL(database.url).pathname.slice(1) });
    await client.connect();
    try {
      seed = await seedInboxData({ provider: 'postgresql', client }, seedSettings);
      t = Date.now();
      for (const name of settings.experiments) for (const sql of EXPERIMENTS[name]?.sql ?? []) await client.query(sql);
      experimentSeconds = (Date.now() - t) / 1000;
      // What autovacuum would have done by the time an organisation had this much data.
      t = Date.now();
      await client.query('VACUUM ANALYZE');
      analyseSeconds = (Date.now() - t) / 1000;
    } finally {
      await client.end();
    }
  }
  const rowCount = Object.values(seed.rows).reduce((a, b) => a + b, 0);
  log(`seeded ${rowCount.toLocaleString('en-GB')} rows in ${seed.seconds} s${analyseSeconds ? ` (+ VACUUM ANALYZE ${round(analyseSeconds, 1)} s)` : ''}; ${seed.states.waiting} waiting (${seed.states.urgent} urgent in all), ${seed.states.withCoach} with a coach, ${seed.states.paused} paused; the bench coach holds ${seed.states.benchCoachCaseload}`);
  if (settings.experiments.length) log(`experiment: created ${settings.experiments.join(', ')} in ${round(experimentSeconds, 1)} s`);

  // Nothing is texted in this bench; the fake API is there so the server starts as it would with Twilio.
  const fake = await startFakeTwilioApi();
  const workDir = mkdtempSync(path.join(os.tmpdir(), `lantern-bench-inbox-${database.provider}-`));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = startTs(settings.server === 'built' ? settings.entry : path.join(PROJECT_ROOT, 'src', 'index.ts'), {
    env: lanternEnvironment({ port, databaseUrl: database.url, fake, seedDemoData: false }),
    logFile: path.join(workDir, 'lantern-server.log'),
    nodeArgs: settings.nodeOptions,
  });
  const memory = sampleMemory(server.pid);
  let endpoints: EndpointFigures[] = [];
  let cpuSeconds = 0;
  let readySeconds = 0;
  let failed = false;
  try {
    t = Date.now();
    await waitForHttp(`${baseUrl}/readyz`, server, READY_TIMEOUT_MS);
    readySeconds = (Date.now() - t) / 1000;
    const session = await signIn(baseUrl, seed.coachEmail, PASSWORD);
    memory.mark();
    const cpu = cpuMeter({ server: server.pid });
    endpoints = await measureEndpoints(session, seed, settings, log);
    cpuSeconds = cpu.stop().server ?? 0;
  } catch (error) {
    failed = true;
    console.error(`Lantern server log (last lines of ${server.logFile}):\n${tail(server.logFile)}`);
    throw error;
  } finally {
    memory.stop();
    const code = await stopProcess(server);
    await fake.close();
    if (code !== 0) console.warn(`  Lantern exited with ${code}; its log is kept in ${workDir}`);
    else if (!failed) rmSync(workDir, { recursive: true, force: true });
  }
  const plans = settings.explain ? await explainEndpoints(database.provider, database.url, seed) : [];
  return {
    provider: database.provider,
    experiments: settings.experiments,
    seed: {
      coachEmail: seed.coachEmail,
      rows: seed.rows,
      states: seed.states,
      seconds: seed.seconds,
      migrateSeconds: round(migrateSeconds, 2),
      analyseSeconds: round(analyseSeconds, 1),
      experimentSeconds: round(experimentSeconds, 1),
      busiestMessages: seed.busiestPeople.slice(0, 10).map((p) => p.messages),
    },
    endpoints,
    server: {
      peakRssMiB: round(memory.peakBytes() / 2 ** 20),
      peakRssDuringRequestsMiB: round(memory.peakSinceMarkBytes() / 2 ** 20),
      rssSamples: memory.samples(),
      cpuSeconds,
      readySeconds: round(readySeconds, 1),
    },
    plans,
  };
}

function withSqlite(filePath: string, work: (db: BetterSqlite3.Database) => void): void {
  const db = new BetterSqlite3(filePath);
  try {
    work(db);
  } finally {
    db.close();
  }
}

interface Session { baseUrl: string; cookie: string }

/** Signs in as the inbox does (POST /api/auth/sign-in); GETs need only the session cookie, not the CSRF token. */
async function signIn(baseUrl: string, email: string, password: string): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = (await response.json()) as { csrfToken?: string };
  if (response.status !== 200 || !body.csrfToken) throw new Error(`sign-in as ${email} failed: ${response.status} ${JSON.stringify(body)}`);
  return { baseUrl, cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

async function get(session: Session, pathname: string): Promise<{ status: number; body: unknown; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${session.baseUrl}${pathname}`, { headers: { Cookie: session.cookie }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const text = await response.text();
  const ms = performance.now() - started;
  // The session slides: a reissued cookie replaces the old one.
  const reissued = response.headers.get('set-cookie');
  const pair = reissued?.split(';')[0];
  if (pair?.startsWith(`${SESSION_COOKIE}=`) && pair.length > SESSION_COOKIE.length + 1) session.cookie = pair;
  let body: unknown = text;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, body, ms };
}

interface Endpoint { endpoint: string; path(i: number): string; rows(body: any): number }

function endpointsFor(seed: SeedSummary): Endpoint[] {
  const people = (body: any) => (Array.isArray(body?.people) ? body.people.length : -1);
  const busiest = seed.busiestPeople;
  return [
    { endpoint: 'waiting', path: () => '/api/inbox/queues/waiting', rows: people },
    { endpoint: 'mine', path: () => '/api/inbox/queues/mine', rows: people },
    { endpoint: 'paused', path: () => '/api/inbox/queues/paused', rows: people },
    { endpoint: 'everyone', path: () => '/api/inbox/queues/everyone', rows: people },
    { endpoint: 'conversation', path: (i) => `/api/people/${busiest[i % busiest.length]?.personId}`, rows: (body) => (Array.isArray(body?.messages) ? body.messages.length : -1) },
    { endpoint: 'search-name', path: (i) => `/api/inbox/queues/everyone?search=${encodeURIComponent(seed.searchNames[i % seed.searchNames.length] as string)}`, rows: people },
    { endpoint: 'search-phone', path: (i) => `/api/inbox/queues/everyone?search=${encodeURIComponent(seed.searchPhones[i % seed.searchPhones.length] as string)}`, rows: people },
    { endpoint: 'first-reply-waits', path: () => '/api/inbox/first-reply-waits', rows: (body) => (typeof body?.answered === 'number' ? body.answered : -1) },
  ];
}

/** Percentiles by nearest rank over every measured request. */
export function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? 0, 2);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round(sorted[sorted.length - 1] ?? 0, 2), mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length), 2) };
}

/** One request at a time: the latency a coach sees, with nothing else queued in front. */
async function measureEndpoints(session: Session, seed: SeedSummary, settings: InboxBenchSettings, log: (text: string) => void): Promise<EndpointFigures[]> {
  const figures: EndpointFigures[] = [];
  for (const endpoint of endpointsFor(seed)) {
    const deadline = Date.now() + settings.endpointSeconds * 1000;
    let errors = 0;
    let rows = 0;
    for (let i = 0; i < settings.warmup && Date.now() < deadline; i++) {
      const answer = await get(session, endpoint.path(i));
      if (answer.status !== 200) throw new Error(`${endpoint.endpoint}: ${endpoint.path(i)} answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
    }
    const times: number[] = [];
    for (let i = 0; i < settings.requests && Date.now() < deadline; i++) {
      const answer = await get(session, endpoint.path(settings.warmup + i));
      if (answer.status !== 200) errors += 1;
      else rows = endpoint.rows(answer.body);
      times.push(answer.ms);
    }
    const result: EndpointFigures = {
      endpoint: endpoint.endpoint,
      example: endpoint.path(0),
      requests: times.length,
      rowsInAnswer: rows,
      latencyMs: latency(times),
      errors,
      stoppedByTime: times.length < settings.requests,
    };
    figures.push(result);
    const l = result.latencyMs;
    log(`${endpoint.endpoint.padEnd(17)} ${String(result.requests).padStart(4)} requests  p50 ${l.p50} ms  p95 ${l.p95} ms  p99 ${l.p99} ms  max ${l.max} ms  (${rows} rows${errors ? `, ${errors} errors` : ''}${result.stoppedByTime ? ', stopped by the time bound' : ''})`);
  }
  return figures;
}
