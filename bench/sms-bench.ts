// npm run bench:sms: signed Twilio webhooks at concurrency 64 against the real Lantern (SQLite,
// then PostgreSQL) and against a bare restify baseline, each in its own process, with outbound
// texts going to a fake Twilio API. Prints the figures, checks nothing was lost or doubled, and
// writes bench/results/sms-<provider>-<time>.json. Exits non-zero on any mismatch.
import type { Provider } from './lib/bench-database';
import { runOnEachDatabase } from './lib/each-database';
import { describeMachine } from './lib/machine';
import { loadAverageFromNow, writeResult } from './lib/results';
import { buildServer, productionNodeOptions } from './lib/server-build';
import { cpuProfileSetting, databasesSetting, integerSetting, nodeOptionsSetting, serverSetting } from './lib/settings';
import { runProvider, type SmsBenchSettings } from './lib/sms-run';
import { printProvider } from './lib/sms-report';
import { runBench } from './lib/run-bench';

// Fixed by issue 9: the target is stated at this concurrency.
const CONNECTIONS = 64;
// The server runs with the Node options `npm run start:built` gives it (heap limits), unless BENCH_NODE_OPTIONS says otherwise.
const DEFAULT_NODE_OPTIONS = productionNodeOptions().join(' ');

function readSettings(): { settings: SmsBenchSettings; providers: Provider[] } {
  const providers = databasesSetting();
  const profile = cpuProfileSetting();
  return {
    providers,
    settings: {
      connections: CONNECTIONS,
      durationSeconds: integerSetting('BENCH_DURATION_SECONDS', 30, 1, 600),
      warmupSeconds: integerSetting('BENCH_WARMUP_SECONDS', 3, 0, 60),
      phones: integerSetting('BENCH_PHONES', 999, 1, 100_999),
      drainTimeoutSeconds: integerSetting('BENCH_DRAIN_TIMEOUT_SECONDS', 1200, 1, 3600),
      cpuProfileDir: profile,
      server: serverSetting(),
      nodeOptions: nodeOptionsSetting(DEFAULT_NODE_OPTIONS),
      keepLogs: process.env.BENCH_KEEP_LOGS === '1',
    },
  };
}

async function main(): Promise<number> {
  const { settings, providers } = readSettings();
  const machine = describeMachine();
  if (settings.server === 'built') {
    console.log('bench:sms: compiling the server (npm run build)');
    buildServer();
  }
  console.log(`bench:sms: ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s, ${settings.phones} phones; ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
  console.log(`bench:sms: Lantern runs ${settings.server === 'built' ? 'compiled (dist/src/index.js)' : 'through tsx (src/index.ts)'}${settings.nodeOptions.length ? ` with ${settings.nodeOptions.join(' ')}` : ''}`);
  const passed = await runOnEachDatabase(providers, async (database) => {
    const loadAverageSoFar = loadAverageFromNow();
    const result = await runProvider(database, settings);
    const loadAverage = loadAverageSoFar();
    printProvider(result);
    console.log(`  1-minute load average before ${loadAverage.before}, after ${loadAverage.after} (other work on the machine skews the figures)`);
    if (settings.cpuProfileDir) console.log('  (profiled run: the profiler slows the server; the figures are not comparable)');
    const written = writeResult({
      benchmark: 'sms', machine, loadAverage, settings: { ...settings, cpuProfileDir: undefined }, result,
      variant: settings.cpuProfileDir !== null ? 'profiled-' : '', finishedAt: new Date(),
    });
    console.log(`  written to ${written}`);
    return result.lantern.check.verdict === 'MATCH';
  });
  if (settings.cpuProfileDir) console.log(`\nCPU profiles of the Lantern server: ${settings.cpuProfileDir}`);
  return passed ? 0 : 1;
}

runBench(main);
