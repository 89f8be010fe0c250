// npm run bench:inbox: seeds a large organisation (20,000 people, 1,000,000 messages, 200 coaches)
// into a fresh database with bulk SQL, starts the real Lantern against it in its own process, signs
// in as a coach and times the inbox API (queues, a conversation, search) one request at a time,
// on SQLite then PostgreSQL. Prints p50/p95/p99/max per endpoint, the server's peak RSS and the
// query plans of the SQL behind each endpoint, and writes bench/results/inbox-<provider>-<time>.json.
import type { Provider } from './lib/bench-database';
import { runOnEachDatabase } from './lib/each-database';
import { EXPERIMENTS, runInboxProvider, type InboxBenchSettings, type InboxProviderResult } from './lib/inbox-run';
import { describeMachine } from './lib/machine';
import { loadAverageFromNow, writeResult } from './lib/results';
import path from 'node:path';
import { PROJECT_ROOT } from './lib/processes';
import { buildServer, productionNodeOptions } from './lib/server-build';
import { databasesSetting, integerSetting, nodeOptionsSetting, serverSetting } from './lib/settings';
import { runBench } from './lib/run-bench';

// What issue 10 asks of the inbox at this scale, on SQLite; and issue 9's memory bound for the server.
export const TARGET = { p95Ms: 50, endpoints: ['waiting', 'mine', 'conversation'], rssMiB: 300 };

function readSettings(): { settings: Omit<InboxBenchSettings, 'entry'>; providers: Provider[] } {
  const providers = databasesSetting();
  const server = serverSetting();
  const experimentSetting = (process.env.BENCH_EXPERIMENT ?? '').split(',').map((e) => e.trim()).filter(Boolean);
  const experiments = experimentSetting.includes('indexes') ? Object.keys(EXPERIMENTS) : experimentSetting;
  for (const e of experiments) if (!EXPERIMENTS[e]) throw new Error(`BENCH_EXPERIMENT: unknown experiment ${JSON.stringify(e)} (indexes, ${Object.keys(EXPERIMENTS).join(', ')})`);
  const people = integerSetting('BENCH_PEOPLE', 20_000, 10, 100_000);
  const coaches = integerSetting('BENCH_COACHES', 200, 1, 10_000);
  return {
    providers,
    settings: {
      people,
      messages: integerSetting('BENCH_MESSAGES', 1_000_000, people * 2, 20_000_000),
      coaches,
      caseload: integerSetting('BENCH_CASELOAD', 40, 1, 1_000),
      requests: integerSetting('BENCH_REQUESTS', 500, 1, 100_000),
      warmup: integerSetting('BENCH_WARMUP_REQUESTS', 50, 0, 10_000),
      endpointSeconds: integerSetting('BENCH_ENDPOINT_SECONDS', 120, 1, 3_600),
      experiments,
      explain: process.env.BENCH_EXPLAIN !== '0',
      server,
      nodeOptions: nodeOptionsSetting(server === 'built' ? productionNodeOptions().join(' ') : ''),
    },
  };
}

function printResult(result: InboxProviderResult): string[] {
  console.log(`\n${result.provider}${result.experiments.length ? ` (experiment: ${result.experiments.join(', ')})` : ''}`);
  console.log('  endpoint           requests   p50 ms   p95 ms   p99 ms   max ms   rows');
  for (const e of result.endpoints) {
    const l = e.latencyMs;
    console.log(`  ${e.endpoint.padEnd(17)} ${String(e.requests).padStart(9)} ${String(l.p50).padStart(8)} ${String(l.p95).padStart(8)} ${String(l.p99).padStart(8)} ${String(l.max).padStart(8)} ${String(e.rowsInAnswer).padStart(6)}${e.errors ? `  ${e.errors} errors` : ''}`);
  }
  const s = result.server;
  console.log(`  server: peak RSS ${s.peakRssMiB} MiB (${s.peakRssDuringRequestsMiB} MiB during the requests), ${s.cpuSeconds} CPU s during the requests, ready ${s.readySeconds} s after start`);
  console.log(`  seeding: ${result.seed.seconds} s (migrations ${result.seed.migrateSeconds} s${result.seed.analyseSeconds ? `, VACUUM ANALYZE ${result.seed.analyseSeconds} s` : ''})`);
  const misses: string[] = [];
  if (result.provider === 'sqlite') {
    for (const name of TARGET.endpoints) {
      const e = result.endpoints.find((x) => x.endpoint === name);
      if (!e || e.latencyMs.p95 >= TARGET.p95Ms || e.errors > 0) misses.push(`${name} p95 ${e?.latencyMs.p95 ?? '?'} ms${e?.errors ? `, ${e.errors} errors` : ''}`);
    }
    console.log(`  target (SQLite: ${TARGET.endpoints.join(', ')} p95 < ${TARGET.p95Ms} ms, no errors): ${misses.length ? `missed: ${misses.join('; ')}` : 'met'}`);
  }
  console.log(`  server RSS target (< ${TARGET.rssMiB} MiB from start to stop): ${s.peakRssMiB < TARGET.rssMiB ? 'met' : `missed: ${s.peakRssMiB} MiB`}`);
  for (const e of result.endpoints) if (e.errors) misses.push(`${e.endpoint}: ${e.errors} errors`);
  return misses;
}

function printPlans(result: InboxProviderResult): void {
  if (!result.plans.length) return;
  console.log(`\n  Query plans on ${result.provider} (${result.provider === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN (ANALYZE, BUFFERS)'}; "direct" is the statement run on its own, median of 15):`);
  for (const endpoint of result.plans) {
    console.log(`\n  ${endpoint.endpoint}: ${endpoint.statements.length} SELECTs, ${endpoint.statements.reduce((a, s) => a + s.directMs, 0).toFixed(2)} ms direct in all`);
    for (const [i, s] of endpoint.statements.entries()) {
      const verdict = s.fullScans.length ? `FULL SCAN of ${[...new Set(s.fullScans)].join(', ')}` : s.usesIndex ? 'uses an index' : 'no index needed (small tables or no rows)';
      const sql = s.sql.replace(/\s+/g, ' ');
      console.log(`   ${i + 1}. [${verdict}${s.sorts ? ', sorts' : ''}; direct ${s.directMs} ms] ${sql.length > 400 ? `${sql.slice(0, 400)}…` : sql}`);
      // PostgreSQL's buffer and planning lines stay in the JSON file.
      for (const line of s.plan) if (!/^\s*(Buffers:|Planning:|Planning Time:|Sort Method:|Buckets:|Heap Blocks:)/.test(line)) console.log(`        ${line}`);
    }
  }
}

async function main(): Promise<number> {
  const { settings: partial, providers } = readSettings();
  const machine = describeMachine();
  let entry = path.join(PROJECT_ROOT, 'src', 'index.ts');
  if (partial.server === 'built') {
    console.log('bench:inbox: compiling the server into dist/bench-inbox');
    entry = buildServer('bench-inbox');
  }
  const settings: InboxBenchSettings = { ...partial, entry };
  console.log(`bench:inbox: ${settings.people.toLocaleString('en-GB')} people, ${settings.messages.toLocaleString('en-GB')} messages, ${settings.coaches} coaches (caseload ${settings.caseload}); ${settings.warmup} warm-up + ${settings.requests} requests per endpoint, one at a time, at most ${settings.endpointSeconds} s each${settings.experiments.length ? `; experiment: ${settings.experiments.join(', ')}` : ''}; ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
  console.log(`bench:inbox: Lantern runs ${settings.server === 'built' ? `compiled (${path.relative(PROJECT_ROOT, entry)})` : 'through tsx (src/index.ts)'}${settings.nodeOptions.length ? ` with ${settings.nodeOptions.join(' ')}` : ''}`);
  const passed = await runOnEachDatabase(providers, async (database) => {
    const loadAverageSoFar = loadAverageFromNow();
    const result = await runInboxProvider(database, settings);
    const loadAverage = loadAverageSoFar();
    const withoutErrors = !printResult(result).some((m) => m.includes('errors'));
    printPlans(result);
    console.log(`\n  1-minute load average before ${loadAverage.before}, after ${loadAverage.after} (other work on the machine skews the figures)`);
    // An experiment (indexes the schema does not have) never becomes the latest figures.
    const variant = settings.experiments.length ? `experiment-${settings.experiments.join('+')}-` : '';
    const recorded = { ...settings, entry: path.relative(PROJECT_ROOT, settings.entry) };
    console.log(`  written to ${writeResult({ benchmark: 'inbox', machine, loadAverage, settings: recorded, target: TARGET, result, variant, finishedAt: new Date() })}`);
    return withoutErrors;
  });
  return passed ? 0 : 1;
}

runBench(main);
