// npm run bench:sms: signed Twilio webhooks at concurrency 64 against the real Lantern (SQLite,
// then PostgreSQL) and against a bare restify baseline, each in its own process, with outbound
// texts going to a fake Twilio API. Prints the figures, checks nothing was lost or doubled, and
// writes bench/results/sms-<provider>-<time>.json. Exits non-zero on any mismatch.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { postgresAnswers, postgresBenchDatabase, sqliteBenchDatabase, type BenchDatabase, type Provider } from './lib/bench-database';
import { describeMachine, type Machine } from './lib/machine';
import { PROJECT_ROOT } from './lib/processes';
import { runProvider, type ProviderResult, type SmsBenchSettings } from './lib/sms-run';
import { printProvider } from './lib/sms-report';

// Fixed by issue 9: the target is stated at this concurrency.
const CONNECTIONS = 64;
// The server runs with the Node options `npm run start:built` gives it (heap limits), unless BENCH_NODE_OPTIONS says otherwise.
const DEFAULT_NODE_OPTIONS = productionNodeOptions();

function productionNodeOptions(): string {
  const scripts = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return (scripts['start:built'] ?? '').split(/\s+/).filter((arg) => arg.startsWith('--')).join(' ');
}

function integerSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

function serverSetting(): 'built' | 'tsx' {
  const value = process.env.BENCH_SERVER ?? 'built';
  if (value !== 'built' && value !== 'tsx') throw new Error(`BENCH_SERVER must be built or tsx (got ${JSON.stringify(value)})`);
  return value;
}

function readSettings(): { settings: SmsBenchSettings; providers: Provider[] } {
  const providers = (process.env.BENCH_DATABASES ?? 'sqlite,postgresql').split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of providers) if (p !== 'sqlite' && p !== 'postgresql') throw new Error(`BENCH_DATABASES: unknown database ${JSON.stringify(p)} (sqlite, postgresql)`);
  const profile = process.env.BENCH_CPU_PROFILE === '1' ? mkdtempSync(path.join(os.tmpdir(), 'lantern-cpu-profile-')) : null;
  return {
    providers: providers as Provider[],
    settings: {
      connections: CONNECTIONS,
      durationSeconds: integerSetting('BENCH_DURATION_SECONDS', 30, 1, 600),
      warmupSeconds: integerSetting('BENCH_WARMUP_SECONDS', 3, 0, 60),
      phones: integerSetting('BENCH_PHONES', 999, 1, 100_999),
      drainTimeoutSeconds: integerSetting('BENCH_DRAIN_TIMEOUT_SECONDS', 1200, 1, 3600),
      cpuProfileDir: profile,
      server: serverSetting(),
      nodeOptions: (process.env.BENCH_NODE_OPTIONS ?? DEFAULT_NODE_OPTIONS).split(/\s+/).filter(Boolean),
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

// Other work on the machine skews the figures: the 1-minute load average before and after says whether there was any.
type LoadAverage = { before: number; after: number };

function writeResult(result: ProviderResult, settings: SmsBenchSettings, machine: Machine, loadAverage: LoadAverage, finishedAt: Date): string {
  const folder = path.join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const stamp = finishedAt.toISOString().replace(/[:.]/g, '-');
  const document = { benchmark: 'sms', finishedAt: finishedAt.toISOString(), machine, loadAverage, settings: { ...settings, cpuProfileDir: undefined }, ...result };
  const profiled = settings.cpuProfileDir !== null;
  const file = path.join(folder, `sms-${result.provider}-${profiled ? 'profiled-' : ''}${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  // A profiled run is slower than a real one: it never becomes the latest figures.
  if (!profiled) writeFileSync(path.join(folder, `sms-${result.provider}-latest.json`), `${JSON.stringify(document, null, 2)}\n`);
  return path.relative(PROJECT_ROOT, file);
}

/** The compiled server, fresh from the sources being measured. */
function buildServer(): void {
  console.log('bench:sms: compiling the server (npm run build)');
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', path.join(PROJECT_ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
}

async function main(): Promise<number> {
  const { settings, providers } = readSettings();
  const machine = describeMachine();
  if (settings.server === 'built') buildServer();
  console.log(`bench:sms: ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.durationSeconds} s, ${settings.phones} phones; ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}`);
  console.log(`bench:sms: Lantern runs ${settings.server === 'built' ? 'compiled (dist/src/index.js)' : 'through tsx (src/index.ts)'}${settings.nodeOptions.length ? ` with ${settings.nodeOptions.join(' ')}` : ''}`);
  let failed = false;
  for (const provider of providers) {
    const database = await openDatabase(provider);
    if (!database) continue;
    try {
      const before = os.loadavg()[0] ?? 0;
      const result = await runProvider(database, settings);
      const loadAverage = { before: Math.round(before * 100) / 100, after: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 };
      printProvider(result);
      console.log(`  1-minute load average before ${loadAverage.before}, after ${loadAverage.after} (other work on the machine skews the figures)`);
      if (settings.cpuProfileDir) console.log('  (profiled run: the profiler slows the server; the figures are not comparable)');
      console.log(`  written to ${writeResult(result, settings, machine, loadAverage, new Date())}`);
      if (result.lantern.check.verdict !== 'MATCH') failed = true;
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
