import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { lanternEnvironment, NO_QUIET_HOURS } from '../../../bench/lib/lantern-environment';
import { freePort, PROJECT_ROOT, sleep, startTs, tail, waitForHttp, type Started } from '../../../bench/lib/processes';
import type { DatabaseConfig } from '../../../src/config/load-config';
import { startFakeTwilioApi, type FakeTwilioApi } from '../../fakes/fake-twilio-api';
import { createTestDatabaseConfig, testProvider } from '../../helpers/test-database';
import { WebhookDriver } from './webhook-driver';

// Real processes for the fault suites: the Lantern server as a child process (started the way
// the bench starts it), a fresh database per suite, and direct SQL against it from the test.

export { testProvider };
export type Row = Record<string, unknown>;

/** Direct SQL on the database the server uses, outside Lantern. `$1`-style placeholders on both. */
export interface DirectDb {
  provider: DatabaseConfig['provider'];
  all(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  /** A timestamp parameter in the column format the provider stores. */
  time(date: Date): unknown;
  close(): Promise<void>;
}

export interface FaultDatabase {
  config: DatabaseConfig;
  /** Opened lazily: on SQLite the file exists only once Lantern has migrated it. */
  direct(): Promise<DirectDb>;
  destroy(): Promise<void>;
}

export async function createFaultDatabase(): Promise<FaultDatabase> {
  const { config, drop } = await createTestDatabaseConfig();
  let direct: DirectDb | null = null;
  return {
    config,
    async direct() {
      direct ??= config.provider === 'sqlite' ? sqliteDirect(config.filePath) : await postgresDirect(config.url);
      return direct;
    },
    async destroy() {
      await direct?.close().catch(() => undefined);
      await drop();
    },
  };
}

function sqliteDirect(filePath: string): DirectDb {
  const db = new BetterSqlite3(filePath, { fileMustExist: true });
  db.pragma('busy_timeout = 10000');
  const toSqlite = (sql: string) => sql.replace(/\$\d+/g, '?');
  return {
    provider: 'sqlite',
    all: async (sql, params = []) => db.prepare(toSqlite(sql)).all(...params) as Row[],
    run: async (sql, params = []) => { db.prepare(toSqlite(sql)).run(...params); },
    // unixepoch-ms, as Lantern's adapter writes them.
    time: (date) => date.getTime(),
    close: async () => { db.close(); },
  };
}

async function postgresDirect(url: string): Promise<DirectDb> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  return {
    provider: 'postgresql',
    all: async (sql, params = []) => (await client.query(sql, params)).rows as Row[],
    run: async (sql, params = []) => { await client.query(sql, params); },
    time: (date) => date,
    close: () => client.end(),
  };
}

/** The Lantern server, as a child process on a fixed port, so it can be killed and started again on the same database. */
export class LanternProcess {
  private started: Started | null = null;
  private starts = 0;
  readonly baseUrl: string;
  readonly logFiles: string[] = [];

  constructor(private readonly options: { port: number; database: DatabaseConfig; fake: FakeTwilioApi; workDir: string; env?: NodeJS.ProcessEnv }) {
    this.baseUrl = `http://127.0.0.1:${options.port}`;
  }

  get pid(): number | null {
    return this.started?.pid ?? null;
  }

  /** True while the process we started last is alive. */
  get alive(): boolean {
    return this.started !== null && this.started.child.exitCode === null && this.started.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.alive) throw new Error('Lantern is already running');
    this.starts += 1;
    const logFile = path.join(this.options.workDir, `lantern-${this.starts}.log`);
    this.logFiles.push(logFile);
    this.started = startTs(path.join(PROJECT_ROOT, 'src', 'index.ts'), { env: this.environment(), logFile });
    await waitForHttp(`${this.baseUrl}/readyz`, this.started, 90_000);
  }

  /** SIGKILL: no shutdown, no flushing, exactly like a crash or the OOM killer. */
  async kill(): Promise<void> {
    if (!this.started || !this.alive) return;
    this.started.child.kill('SIGKILL');
    await this.started.exited;
  }

  /** SIGTERM and a clean shutdown (SIGKILL after 20 s); the exit code. */
  async stop(): Promise<number | null> {
    if (!this.started || !this.alive) return this.started?.child.exitCode ?? null;
    const started = this.started;
    started.child.kill('SIGTERM');
    const timer = setTimeout(() => started.child.kill('SIGKILL'), 20_000);
    const code = await started.exited;
    clearTimeout(timer);
    return code;
  }

  logTail(lines = 30): string {
    return this.logFiles.map((file) => `--- ${file}\n${tail(file, lines)}`).join('\n');
  }

  private environment(): NodeJS.ProcessEnv {
    const { port, database, fake } = this.options;
    return lanternEnvironment(
      { port, databaseUrl: database.url, fake, seedDemoData: true, sessionSecret: SESSION_SECRET },
      // No quiet hours: resumptions go whenever the suite runs.
      { SHUTDOWN_GRACE_SECONDS: '10', ...NO_QUIET_HOURS, ...this.options.env },
    );
  }
}

// One secret for every start of a suite's server, as a real deployment would keep.
const SESSION_SECRET = randomBytes(32).toString('base64url');

function makeWorkDir(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `lantern-faults-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface FaultSuite {
  database: FaultDatabase;
  fake: FakeTwilioApi;
  /** On a free port, not started yet. */
  lantern: LanternProcess;
  /** A webhook driver that is closed with everything else at the end. */
  webhookDriver(options: ConstructorParameters<typeof WebhookDriver>[0]): WebhookDriver;
  /** The test's last step: the server logs are removed only after this, and kept for a look otherwise. */
  passed(): void;
}

/**
 * Registers the suite's beforeAll (a work folder for the logs, a fresh database, the fake Twilio
 * API and a LanternProcess) and afterAll (everything stopped and removed). The pieces are there
 * from the beforeAll on.
 */
export function faultSuite(label: string): FaultSuite {
  let work: ReturnType<typeof makeWorkDir> | undefined;
  let database: FaultDatabase | undefined;
  let fake: FakeTwilioApi | undefined;
  let lantern: LanternProcess | undefined;
  let driver: WebhookDriver | undefined;
  let passed = false;

  beforeAll(async () => {
    work = makeWorkDir(label);
    database = await createFaultDatabase();
    fake = await startFakeTwilioApi();
    lantern = new LanternProcess({ port: await freePort(), database: database.config, fake, workDir: work.dir });
  });

  afterAll(async () => {
    driver?.close();
    await lantern?.stop();
    await fake?.close();
    await database?.destroy();
    if (passed) work?.remove();
    else if (work) console.log(`server logs kept in ${work.dir}`);
  });

  const ready = <T>(piece: T | undefined, name: string): T => {
    if (piece === undefined) throw new Error(`faultSuite(${label}): the ${name} is there only from beforeAll on`);
    return piece;
  };
  return {
    get database() { return ready(database, 'database'); },
    get fake() { return ready(fake, 'fake Twilio API'); },
    get lantern() { return ready(lantern, 'Lantern process'); },
    webhookDriver(options) {
      driver = new WebhookDriver(options);
      return driver;
    },
    passed() { passed = true; },
  };
}

export interface Backlog { receipts: number; unanswered: number; outbox: number; unsent: number; pendingDueJobs: number }

export async function backlog(direct: DirectDb): Promise<Backlog> {
  const [row] = await direct.all(
    `SELECT (SELECT COUNT(*) FROM "InboundReceipt") AS receipts,
      (SELECT COUNT(*) FROM "Message" WHERE "direction" = 'INBOUND' AND "status" = 'RECEIVED') AS unanswered,
      (SELECT COUNT(*) FROM "OutboxEntry") AS outbox,
      (SELECT COUNT(*) FROM "Message" WHERE "direction" = 'OUTBOUND' AND "providerMessageId" IS NULL AND "status" IN ('QUEUED', 'SENDING')) AS unsent,
      (SELECT COUNT(*) FROM "ScheduledJob" WHERE "status" = 'PENDING' AND "dueAt" <= $1) AS "pendingDueJobs"`,
    [direct.time(new Date())],
  );
  return {
    receipts: Number(row?.receipts), unanswered: Number(row?.unanswered), outbox: Number(row?.outbox),
    unsent: Number(row?.unsent), pendingDueJobs: Number(row?.pendingDueJobs),
  };
}

/** Waits until nothing is left to store, answer, send or run (read twice, a second apart); the seconds it took. */
export async function waitForDrain(direct: DirectDb, timeoutMs: number, log?: (line: string) => void): Promise<number> {
  const started = Date.now();
  let lastLog = 0;
  let quiet = 0;
  for (;;) {
    const left = await backlog(direct);
    const empty = left.receipts === 0 && left.unanswered === 0 && left.outbox === 0 && left.unsent === 0 && left.pendingDueJobs === 0;
    quiet = empty ? quiet + 1 : 0;
    if (quiet >= 2) return Math.round((Date.now() - started) / 100) / 10;
    if (Date.now() - started > timeoutMs) throw new Error(`not drained after ${timeoutMs} ms: ${JSON.stringify(left)}`);
    if (log && Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`draining (${Math.round((Date.now() - started) / 1000)} s): ${JSON.stringify(left)}`);
    }
    await sleep(empty ? 1_000 : 500);
  }
}

/** Logs with the elapsed time, so a suite's output reads as a timeline. */
export function timeline(label: string): (line: string) => void {
  const t0 = Date.now();
  return (line) => console.log(`[${label} +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}`);
}

/** Polls `check` every 50 ms until true; false at the timeout. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(50);
  }
  return false;
}
