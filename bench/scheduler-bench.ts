// npm run bench:scheduler: 10,000 paused people whose resumption is due, the real Lantern server
// in its own process (SQLite, then PostgreSQL), texts going to a fake Twilio API. Times how long
// until every resumption has been handed to the fake API, checks each went exactly once, and
// writes bench/results/scheduler-<provider>-<time>.json. Exits non-zero on any mismatch.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresAnswers, postgresBenchDatabase, sqliteBenchDatabase, type BenchDatabase, type Provider } from './lib/bench-database';
import { describeMachine, type Machine } from './lib/machine';
import { PROJECT_ROOT } from './lib/processes';
import { runSchedulerProvider, type SchedulerBenchSettings, type SchedulerResult } from './lib/scheduler-run';
import { buildServer, productionNodeOptions } from './lib/server-build';

// What the issue asks: 10,000 resumptions through the fake Twilio API in under a minute, server RSS under 300 MB.
export const TARGET = { resumptions: 10_000, seconds: 60, rssMiB: 300 };

function integerSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

function readSettings(): { settings: Omit<SchedulerBenchSettings, 'entry'>; providers: Provider[] } {
  const providers = (process.env.BENCH_DATABASES ?? 'sqlite,postgresql').split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of providers) if (p !== 'sqlite' && p !== 'postgresql') throw new Error(`BENCH_DATABASES: unknown database ${JSON.stringify(p)} (sqlite, postgresql)`);
  const server = process.env.BENCH_SERVER ?? 'built';
  if (server !== 'built' && server !== 'tsx') throw new Error(`BENCH_SERVER must be built or tsx (got ${JSON.stringify(server)})`);
  return {
    providers: providers as Provider[],
    settings: {
      resumptions: integerSetting('BENCH_RESUMPTIONS', TARGET.resumptions, 1, 100_999),
      timeoutSeconds: integerSetting('BENCH_TIMEOUT_SECONDS', 300, 5, 3600),
      settleSeconds: integerSetting('BENCH_SETTLE_SECONDS', 3, 0, 60),
      server,
      nodeOptions: (process.env.BENCH_NODE_OPTIONS ?? (server === 'built' ? productionNodeOptions().join(' ') : '')).split(/\s+/).filter(Boolean),
      cpuProfileDir: process.env.BENCH_CPU_PROFILE === '1' ? mkdtempSync(path.join(os.tmpdir(), 'lantern-cpu-profile-')) : null,
    },
  };
}

async function openDatabase(provider: Provider): Promise<BenchDatabase | null> {
  if (provider === 'sqlite') return sqliteBenchDatabase();
  if (!(await postgresAnswers())) {
    console.log('\nPostgreSQL: skipped, nothing answers on 127.0.0.1:5432.');
    return null;
  }
  return postgresBenchDatabase();
}

type LoadAverage = { before: number; after: number };

function writeResult(result: SchedulerResult, settings: SchedulerBenchSettings, machine: Machine, loadAverage: LoadAverage, finishedAt: Date): string {
  const folder = path.join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const stamp = finishedAt.toISOString().replace(/[:.]/g, '-');
  const document = { benchmark: 'scheduler', finishedAt: finishedAt.toISOString(), machine, loadAverage, settings: { ...settings, entry: path.relative(PROJECT_ROOT, settings.entry), cpuProfileDir: undefined }, target: TARGET, ...result };
  const profiled = settings.cpuProfileDir !== null;
  const file = path.join(folder, `scheduler-${result.provider}-${profiled ? 'profiled-' : ''}${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  // A profiled run is slower than a real one: it never becomes the latest figures.
  if (!profiled) writeFileSync(path.join(folder, `scheduler-${result.provider}-latest.json`), `${JSON.stringify(document, null, 2)}\n`);
  return path.relative(PROJECT_ROOT, file);
}

const num = (n: number) => n.toLocaleString('en-GB');

function printResult(result: SchedulerResult, settings: SchedulerBenchSettings): void {
  const c = result.check;
  console.log(`\n${result.provider}`);
  const total = result.totalSeconds === null ? `not finished within ${settings.timeoutSeconds} s` : `${result.totalSeconds} s`;
  console.log(`  ${num(c.textsReceived)} of ${num(settings.resumptions)} resumptions sent: total ${total} from the server's start (ready after ${result.readySeconds ?? '-'} s, first text at ${result.firstTextSeconds ?? '-'} s, database settled at ${result.settledSeconds ?? '-'} s)`);
  console.log(`  ${num(result.textsPerSecond)} texts/s over the whole run, ${num(result.sendingTextsPerSecond)} texts/s from the first text to the last`);
  const cpu = Object.entries(result.cpuSeconds).map(([name, s]) => `${name} ${s} s`).join(', ');
  console.log(`  peak RSS ${result.peakRssMiB} MiB; CPU ${cpu}`);
  console.log(`  jobs ${JSON.stringify(c.jobsByStatus)}; messages ${JSON.stringify(c.resumptionMessagesByStatus)}; ${c.phonesTexted} phones texted, ${c.phonesTextedTwice} twice; outbox ${c.outboxLeft}; still paused ${c.stillPaused}; check-ins scheduled ${c.checkInsScheduled}`);
  console.log(`  sent exactly once: ${c.verdict}${c.problems.length ? `: ${c.problems.join('; ')}` : ''}`);
  const misses = [
    settings.resumptions < TARGET.resumptions ? `only ${num(settings.resumptions)} resumptions (the target is about ${num(TARGET.resumptions)})` : null,
    result.totalSeconds === null || result.totalSeconds >= TARGET.seconds ? `total ${result.totalSeconds ?? 'unfinished'} >= ${TARGET.seconds} s` : null,
    result.peakRssMiB >= TARGET.rssMiB ? `RSS ${result.peakRssMiB} MiB >= ${TARGET.rssMiB} MiB` : null,
    c.verdict !== 'MATCH' ? 'mismatch' : null,
  ].filter(Boolean);
  console.log(`  target (${num(TARGET.resumptions)} in < ${TARGET.seconds} s, exactly once, RSS < ${TARGET.rssMiB} MiB): ${misses.length ? `missed: ${misses.join(', ')}` : 'met'}`);
}

async function main(): Promise<number> {
  const { settings: partial, providers } = readSettings();
  const machine = describeMachine();
  let entry = path.join(PROJECT_ROOT, 'src', 'index.ts');
  if (partial.server === 'built') {
    console.log('bench:scheduler: compiling the server into dist/bench-scheduler');
    entry = buildServer('bench-scheduler');
  }
  const settings: SchedulerBenchSettings = { ...partial, entry };
  console.log(`bench:scheduler: ${num(settings.resumptions)} due resumptions, timeout ${settings.timeoutSeconds} s; ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
  console.log(`bench:scheduler: Lantern runs ${settings.server === 'built' ? `compiled (${path.relative(PROJECT_ROOT, entry)})` : 'through tsx (src/index.ts)'}${settings.nodeOptions.length ? ` with ${settings.nodeOptions.join(' ')}` : ''}`);
  let failed = false;
  for (const provider of providers) {
    const database = await openDatabase(provider);
    if (!database) continue;
    try {
      const before = os.loadavg()[0] ?? 0;
      const result = await runSchedulerProvider(database, settings);
      const loadAverage = { before: Math.round(before * 100) / 100, after: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 };
      printResult(result, settings);
      console.log(`  1-minute load average before ${loadAverage.before}, after ${loadAverage.after} (other work on the machine skews the figures)`);
      if (settings.cpuProfileDir) console.log('  (profiled run: the profiler slows the server; the figures are not comparable)');
      console.log(`  written to ${writeResult(result, settings, machine, loadAverage, new Date())}`);
      if (result.check.verdict !== 'MATCH') failed = true;
    } catch (error) {
      failed = true;
      console.error(`\n${provider}: the benchmark failed: ${error instanceof Error ? error.stack : String(error)}`);
    } finally {
      await database.close().catch((error: unknown) => console.warn(`could not remove the ${provider} bench database: ${String(error)}`));
    }
  }
  if (settings.cpuProfileDir) console.log(`\nCPU profiles of the Lantern server: ${settings.cpuProfileDir}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
