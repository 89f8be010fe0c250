// npm run bench:scheduler: 10,000 paused people whose resumption is due, the real Lantern server
// in its own process (SQLite, then PostgreSQL), texts going to a fake Twilio API. Times how long
// until every resumption has been handed to the fake API, checks each went exactly once, and
// writes bench/results/scheduler-<provider>-<time>.json. Exits non-zero on any mismatch.
import path from 'node:path';
import type { Provider } from './lib/bench-database';
import { runOnEachDatabase } from './lib/each-database';
import { describeMachine } from './lib/machine';
import { PROJECT_ROOT } from './lib/processes';
import { loadAverageFromNow, writeResult } from './lib/results';
import { runSchedulerProvider, type SchedulerBenchSettings, type SchedulerResult } from './lib/scheduler-run';
import { buildServer, productionNodeOptions } from './lib/server-build';
import { cpuProfileSetting, databasesSetting, integerSetting, nodeOptionsSetting, serverSetting } from './lib/settings';
import { runBench } from './lib/run-bench';

// What the issue asks: 10,000 resumptions through the fake Twilio API in under a minute, server RSS under 300 MB.
export const TARGET = { resumptions: 10_000, seconds: 60, rssMiB: 300 };

function readSettings(): { settings: Omit<SchedulerBenchSettings, 'entry'>; providers: Provider[] } {
  const providers = databasesSetting();
  const server = serverSetting();
  return {
    providers,
    settings: {
      resumptions: integerSetting('BENCH_RESUMPTIONS', TARGET.resumptions, 1, 100_999),
      timeoutSeconds: integerSetting('BENCH_TIMEOUT_SECONDS', 300, 5, 3600),
      settleSeconds: integerSetting('BENCH_SETTLE_SECONDS', 3, 0, 60),
      server,
      nodeOptions: nodeOptionsSetting(server === 'built' ? productionNodeOptions().join(' ') : ''),
      cpuProfileDir: cpuProfileSetting(),
    },
  };
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
  const passed = await runOnEachDatabase(providers, async (database) => {
    const loadAverageSoFar = loadAverageFromNow();
    const result = await runSchedulerProvider(database, settings);
    const loadAverage = loadAverageSoFar();
    printResult(result, settings);
    console.log(`  1-minute load average before ${loadAverage.before}, after ${loadAverage.after} (other work on the machine skews the figures)`);
    if (settings.cpuProfileDir) console.log('  (profiled run: the profiler slows the server; the figures are not comparable)');
    const written = writeResult({
      benchmark: 'scheduler', machine, loadAverage, settings: { ...settings, entry: path.relative(PROJECT_ROOT, settings.entry), cpuProfileDir: undefined }, target: TARGET, result,
      variant: settings.cpuProfileDir !== null ? 'profiled-' : '', finishedAt: new Date(),
    });
    console.log(`  written to ${written}`);
    return result.check.verdict === 'MATCH';
  });
  if (settings.cpuProfileDir) console.log(`\nCPU profiles of the Lantern server: ${settings.cpuProfileDir}`);
  return passed ? 0 : 1;
}

runBench(main);
