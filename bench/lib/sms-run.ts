import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeTwilioApi, type FakeTwilioApi } from '../../tests/fakes/fake-twilio-api';
import type { LoadResult } from '../sms-load';
import type { BenchDatabase } from './bench-database';
import { lanternEnvironment } from './lantern-environment';
import { runLoad } from './load-runner';
import { cpuMeter, round, sampleMemory, type MemorySampler } from './process-sampler';
import { freePort, PROJECT_ROOT, sleep, startTs, stopProcess, tail, waitForHttp, type Started } from './processes';
import { checkMessages, type MessageCheck } from './message-check';
import { benchPhones } from './twilio-webhooks';

export interface SmsBenchSettings {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  phones: number;
  drainTimeoutSeconds: number;
  /** Write a V8 CPU profile of the Lantern server into this folder. */
  cpuProfileDir: string | null;
  /** `built`: the compiled JavaScript, as `npm run start:built` runs it; `tsx`: the TypeScript through tsx, as `npm start`. */
  server: 'built' | 'tsx';
  /** Extra Node options for the Lantern server (BENCH_NODE_OPTIONS). */
  nodeOptions: string[];
  /** Keep the servers' and load generator's logs even when every message matched (BENCH_KEEP_LOGS=1). */
  keepLogs: boolean;
}

export interface ServerFigures {
  load: LoadResult;
  warmup: LoadResult | null;
  peakRssMiB: number;
  peakRssDuringLoadMiB: number;
  rssSamples: number;
  /** CPU seconds used during the measured load, per process. */
  cpuSeconds: Record<string, number>;
}

export interface LanternFigures extends ServerFigures {
  /** Unanswered inbound messages and unsent outbox entries, each second of the load and the drain. */
  backlog: Array<{ second: number; intake: number; unanswered: number; outbox: number }>;
  drainSeconds: number | null;
  check: MessageCheck;
}

export interface ProviderResult {
  provider: BenchDatabase['provider'];
  baseline: ServerFigures;
  lantern: LanternFigures;
  ratio: number;
}

const SIGNED_PATH = '/api/sms/inbound';
const READY_TIMEOUT_MS = 90_000;
const WARMUP_SEED = 1;
const LOAD_SEED = 2;

/** Baseline, then Lantern on the given database: the same load, the same fake Twilio API. */
export async function runProvider(database: BenchDatabase, settings: SmsBenchSettings): Promise<ProviderResult> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), `lantern-bench-${database.provider}-`));
  const fake = await startFakeTwilioApi();
  try {
    const baseline = await measureBaseline(fake, settings, workDir);
    const lantern = await measureLantern(database, fake, settings, workDir);
    const ratio = round(lantern.load.requestsPerSecond / Math.max(1, baseline.load.requestsPerSecond), 3);
    // The servers' logs are kept only when something went wrong, or when asked for.
    if (lantern.check.verdict === 'MATCH' && !settings.keepLogs) rmSync(workDir, { recursive: true, force: true });
    else console.log(`  server and load logs kept in ${workDir}`);
    return { provider: database.provider, baseline, lantern, ratio };
  } finally {
    await fake.close();
  }
}

async function measureBaseline(fake: FakeTwilioApi, settings: SmsBenchSettings, workDir: string): Promise<ServerFigures> {
  const port = await freePort();
  const server = startTs(path.join(PROJECT_ROOT, 'bench', 'baseline-server.ts'), {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port) },
    logFile: path.join(workDir, 'baseline-server.log'),
  });
  const memory = sampleMemory(server.pid);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, server, READY_TIMEOUT_MS);
    const { figures } = await measure(server, `http://127.0.0.1:${port}`, fake, settings, workDir, 'baseline', memory);
    return { ...figures, ...memoryFigures(memory) };
  } finally {
    memory.stop();
    await stopProcess(server);
  }
}

async function measureLantern(database: BenchDatabase, fake: FakeTwilioApi, settings: SmsBenchSettings, workDir: string): Promise<LanternFigures> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const entry = settings.server === 'built' ? path.join(PROJECT_ROOT, 'dist', 'src', 'index.js') : path.join(PROJECT_ROOT, 'src', 'index.ts');
  const server = startTs(entry, {
    env: lanternEnvironment({ port, databaseUrl: database.url, fake, seedDemoData: true }),
    logFile: path.join(workDir, 'lantern-server.log'),
    nodeArgs: [...settings.nodeOptions, ...(settings.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfileDir}`] : [])],
  });
  // From the start: migration and seeding count towards the peak too.
  const memory = sampleMemory(server.pid);
  let watch: NodeJS.Timeout | undefined;
  try {
    await waitForHttp(`${baseUrl}/readyz`, server, READY_TIMEOUT_MS);
    const backlog: LanternFigures['backlog'] = [];
    const startedAt = Date.now();
    watch = setInterval(() => {
      database.backlog().then(
        (b) => backlog.push({ second: Math.round((Date.now() - startedAt) / 1000), ...b }),
        () => undefined,
      );
    }, 1000);
    const { figures, accepted } = await measure(server, baseUrl, fake, settings, workDir, 'lantern', memory);
    const drainSeconds = await waitForDrain(database, settings.drainTimeoutSeconds);
    clearInterval(watch);
    const check = await checkMessages(database, fake, accepted, drainSeconds !== null);
    return { ...figures, ...memoryFigures(memory), backlog, drainSeconds, check };
  } catch (error) {
    console.error(`Lantern server log (last lines of ${server.logFile}):\n${tail(server.logFile)}`);
    throw error;
  } finally {
    clearInterval(watch);
    memory.stop();
    const code = await stopProcess(server);
    if (code !== 0) console.warn(`Lantern exited with ${code}; see ${server.logFile}`);
  }
}

interface Measured {
  figures: Omit<ServerFigures, 'peakRssMiB' | 'rssSamples'>;
  /** MessageSids answered with a 2xx, warm-up included. */
  accepted: string[];
}

/** The warm-up (not reported, but its messages are counted) and the measured load. */
async function measure(server: Started, baseUrl: string, fake: FakeTwilioApi, settings: SmsBenchSettings, workDir: string, label: string, memory: MemorySampler): Promise<Measured> {
  const load = {
    targetUrl: `${baseUrl}${SIGNED_PATH}`,
    signedUrl: `${baseUrl}${SIGNED_PATH}`,
    authToken: fake.authToken,
    accountSid: fake.accountSid,
    phones: benchPhones(settings.phones),
    connections: settings.connections,
    // What Twilio waits for a webhook before giving up on it.
    timeoutSeconds: 15,
  };
  const warmup = settings.warmupSeconds > 0
    ? await runLoad({ ...load, durationSeconds: settings.warmupSeconds, seed: WARMUP_SEED }, workDir, `${label}-warmup`)
    : null;
  memory.mark();
  const cpu = cpuMeter({ server: server.pid, harness: process.pid });
  const main = await runLoad({ ...load, durationSeconds: settings.durationSeconds, seed: LOAD_SEED }, workDir, label);
  return {
    figures: {
      load: main.result,
      warmup: warmup?.result ?? null,
      peakRssDuringLoadMiB: round(memory.peakSinceMarkBytes() / 2 ** 20),
      cpuSeconds: { ...cpu.stop(), load: main.result.loadCpuSeconds },
    },
    accepted: [...(warmup?.acceptedSids ?? []), ...main.acceptedSids],
  };
}

const memoryFigures = (memory: MemorySampler) => ({ peakRssMiB: round(memory.peakBytes() / 2 ** 20), rssSamples: memory.samples() });

/** Waits until every stored message is answered and the outbox is empty; seconds taken, or null at the timeout. */
async function waitForDrain(database: BenchDatabase, timeoutSeconds: number): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < timeoutSeconds * 1000) {
    const { intake, unanswered, outbox } = await database.backlog();
    if (intake === 0 && unanswered === 0 && outbox === 0) return round((Date.now() - started) / 1000);
    await sleep(250);
  }
  return null;
}
