// Where an inbound SMS's time goes, without a profiler: runs the real service in this process on
// a fresh SQLite file, sends signed webhooks, waits until every one is answered and sent, and
// reports every SQLite statement (count, time, commits) by phase (webhook, bot turn, outbox) and
// by statement shape, and the statements whose query plan reads a growing table whole. It
// patches better-sqlite3's prototypes in this process only; src/ is
// untouched. Usage: tsx scripts/bench-sms-phases.ts [messages=600] [concurrency=16] [phones=200]
//
// BENCH_EXPERIMENT (comma-separated) tries a change in this process only, to size a fix before
// anyone makes it in src/:
//   no-turns     the bot never answers: what the webhook path alone costs
//   sync-normal  SQLite synchronous=NORMAL instead of FULL: what the fsync per commit costs
//   outbox-loop  an outbox round that sent a full batch runs again at once instead of waiting for the poll
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { webhookFactory, benchPhones, LANTERN_NUMBER } from '../bench/lib/twilio-webhooks';
import { startFakeTwilioApi } from '../tests/fakes/fake-twilio-api';
import { costlyPlanSteps } from '../tests/helpers/sqlite-plans';
import { loadConfig } from '../src/config/load-config';
import { createLogger } from '../src/lib/logger';
import { startService } from '../src/start-service';
import { TurnRunner } from '../src/bot/turn-runner';
import { Outbox } from '../src/messaging/outbox';

type Phase = 'webhook' | 'turn' | 'outbox' | 'start-up' | 'other';
interface Tally { count: number; ms: number; commits: number }
const byPhase = new Map<Phase, Tally>();
const byShape = new Map<string, Tally & { phase: Phase }>();
let prepares = { count: 0, ms: 0 };
/** Every distinct statement the service ran while recording, to check its query plan at the end. */
const statementsRun = new Map<string, Phase>();
let recording = false;
let inTransaction = false;

// Each statement is charged to the work that issued it: a webhook request, a bot turn, an
// outbox round. The service's own entry points are wrapped (in this process only) to say so.
const phase = new AsyncLocalStorage<Phase>();
const experiments = new Set((process.env.BENCH_EXPERIMENT ?? '').split(',').map((e) => e.trim()).filter(Boolean));
for (const e of experiments) if (!['no-turns', 'sync-normal', 'outbox-loop'].includes(e)) throw new Error(`unknown BENCH_EXPERIMENT ${e}`);

function wrapEntryPoints(): void {
  const emit = http.Server.prototype.emit as (this: http.Server, event: string, ...args: unknown[]) => boolean;
  http.Server.prototype.emit = function emitInPhase(this: http.Server, event: string, ...args: unknown[]) {
    return event === 'request' ? phase.run('webhook', () => emit.call(this, event, ...args)) : emit.call(this, event, ...args);
  } as typeof http.Server.prototype.emit;
  const answer = TurnRunner.prototype.answer;
  TurnRunner.prototype.answer = function answerInPhase(this: TurnRunner, message) {
    if (experiments.has('no-turns')) return Promise.resolve();
    return phase.run('turn', () => answer.call(this, message));
  };
  const runOnce = Outbox.prototype.runOnce;
  Outbox.prototype.runOnce = function runOnceInPhase(this: Outbox) {
    return phase.run('outbox', async () => {
      let total = 0;
      for (let round = 0; round < 1000; round++) {
        const sent = await runOnce.call(this);
        total += sent;
        // 50: the outbox's default batch size.
        if (!experiments.has('outbox-loop') || sent < 50) break;
      }
      return total;
    });
  };
}
// Restify runs a route from the socket's events, outside any context set per request: so what
// is not a turn or an outbox round is the webhook (the scheduler's polls are the only other queries).
const phaseNow = (): Phase => phase.getStore() ?? 'webhook';

const shapeOf = (sql: string) => sql.replace(/\s+/g, ' ').replace(/`main`\./g, '').replace(/\((?:\?,?\s?)+\)/g, '(?…)').slice(0, 110);
const isWrite = (sql: string) => /^\s*(INSERT|UPDATE|DELETE)/i.test(sql);

function add(tally: Map<string, Tally & { phase: Phase }> | Map<Phase, Tally>, key: string, ms: number, commit: boolean, phase: Phase) {
  const entry = (tally as Map<string, Tally & { phase: Phase }>).get(key) ?? { count: 0, ms: 0, commits: 0, phase };
  entry.count += 1;
  entry.ms += ms;
  if (commit) entry.commits += 1;
  (tally as Map<string, Tally & { phase: Phase }>).set(key, entry);
}

type Stmt = { run(...a: unknown[]): unknown; all(...a: unknown[]): unknown; get(...a: unknown[]): unknown; __sql?: string; __phase?: Phase };
function patchBetterSqlite3(): void {
  const probe = new BetterSqlite3(':memory:');
  const statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Stmt;
  probe.close();
  const databasePrototype = BetterSqlite3.prototype as unknown as { prepare(sql: string): Stmt };
  const prepare = databasePrototype.prepare;
  const exec = (BetterSqlite3.prototype as unknown as { exec(sql: string): unknown }).exec;
  (BetterSqlite3.prototype as unknown as { exec(sql: string): unknown }).exec = function patchedExec(this: unknown, sql: string) {
    return exec.call(this, experiments.has('sync-normal') ? sql.replace('synchronous = FULL', 'synchronous = NORMAL') : sql);
  };
  databasePrototype.prepare = function patchedPrepare(this: unknown, given: string) {
    // The connection goes back to FULL after replayable work; the experiment keeps it at NORMAL.
    const sql = experiments.has('sync-normal') ? given.replace('synchronous = FULL', 'synchronous = NORMAL') : given;
    const started = performance.now();
    const statement = prepare.call(this, sql);
    if (recording) prepares = { count: prepares.count + 1, ms: prepares.ms + performance.now() - started };
    statement.__sql = sql;
    statement.__phase = recording ? phaseNow() : 'start-up';
    if (recording && !statementsRun.has(sql)) statementsRun.set(sql, statement.__phase);
    return statement;
  };
  for (const method of ['run', 'all', 'get'] as const) {
    const original = statementPrototype[method];
    statementPrototype[method] = function timed(this: Stmt, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        const sql = this.__sql ?? '?';
        const ms = performance.now() - started;
        // A commit is what costs an fsync under synchronous=FULL: COMMIT, or a write outside a transaction.
        const commit = /^\s*COMMIT/i.test(sql) || (!inTransaction && isWrite(sql));
        if (/^\s*BEGIN/i.test(sql)) inTransaction = true;
        if (/^\s*(COMMIT|ROLLBACK)/i.test(sql)) inTransaction = false;
        const phase = this.__phase ?? 'other';
        if (recording && phase !== 'start-up') {
          add(byPhase, phase, ms, commit, phase);
          add(byShape, `${phase.padEnd(7)} ${shapeOf(sql)}`, ms, commit, phase);
        }
      }
    };
  }
}

async function main(): Promise<void> {
  const [messages = 600, concurrency = 16, phoneCount = 200] = process.argv.slice(2).map(Number);
  patchBetterSqlite3();
  wrapEntryPoints();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lantern-phases-'));
  const fake = await startFakeTwilioApi();
  const config = loadConfig({
    NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), HOST: '127.0.0.1', PORT: '0', PUBLIC_BASE_URL: 'http://127.0.0.1:1',
    DATABASE_URL: `file:${path.join(dir, 'lantern.db')}`, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'true',
    TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_FROM_NUMBER: LANTERN_NUMBER, TWILIO_API_BASE_URL: fake.baseUrl,
  });
  const service = await startService(config, createLogger({ level: 'warn' }));
  const port = service.server.address().port;
  // Signed for the configured public URL (port 1), sent to wherever the service really listens.
  const next = webhookFactory({ authToken: fake.authToken, accountSid: fake.accountSid, signedUrl: 'http://127.0.0.1:1/api/sms/inbound', phones: benchPhones(phoneCount), seed: 7 });
  recording = true;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let sent = 0;
  const latencies: number[] = [];
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (sent < messages) {
      sent += 1;
      const webhook = next();
      const t0 = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/api/sms/inbound`, {
        method: 'POST', body: webhook.form, signal: AbortSignal.timeout(30_000),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': webhook.signature },
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
    }
  }));
  const acceptedMs = performance.now() - started;
  const deadline = Date.now() + 120_000;
  let drained = false;
  const progress = setInterval(() => console.log(`  … ${Math.round((performance.now() - started) / 1000)} s: ${fake.sent.length} texts sent`), 5_000);
  while (Date.now() < deadline) {
    await service.outbox.idle();
    const left = await Promise.all([
      service.database.db.message.count({ where: { direction: 'INBOUND', status: 'RECEIVED' } }),
      service.database.db.outboxEntry.count(),
    ]);
    if (left[0] === 0 && left[1] === 0) {
      drained = true;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  clearInterval(progress);
  const drainedMs = performance.now() - started;
  if (!drained) console.log('NOT DRAINED within 120 s of the last webhook: the figures below are partial');
  recording = false;
  // Run with node --expose-gc to see what is retained rather than merely not yet collected.
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const mib = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
  console.log(`memory after the drain: rss ${mib(memory.rss)}, V8 heap used ${mib(memory.heapUsed)} of ${mib(memory.heapTotal)}, external ${mib(memory.external)} (array buffers ${mib(memory.arrayBuffers)})`);
  const cpu = process.cpuUsage(cpuBefore);
  const outbound = await service.database.db.message.count({ where: { direction: 'OUTBOUND' } });
  await service.stop();
  const plans = planWarnings(path.join(dir, 'lantern.db'));
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
  report({ messages, concurrency, phoneCount, acceptedMs, drainedMs, cpuMs: (cpu.user + cpu.system) / 1000, outbound, sentTexts: fake.sent.length, latencies });
  console.log('\nstatements whose plan reads a growing table whole, or searches it only by a column of few values (SQLite plans without ANALYZE, as in production, are the same at any size)');
  for (const line of plans.length ? plans : ['  none']) console.log(line);
}

/** The plan check of tests/db/sms-path-plans.test.ts, over every statement the service ran here. */
function planWarnings(file: string): string[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const warnings: string[] = [];
    for (const [sql, phase] of statementsRun) {
      if (!/^\s*(SELECT|UPDATE|DELETE)/i.test(sql)) continue;
      const costly = costlyPlanSteps(db, sql);
      if (costly.length) warnings.push(`  ${phase.padEnd(7)} ${shapeOf(sql)}\n          ${costly.join(' | ')}`);
    }
    return warnings;
  } finally {
    db.close();
  }
}

function report(r: { messages: number; concurrency: number; phoneCount: number; acceptedMs: number; drainedMs: number; cpuMs: number; outbound: number; sentTexts: number; latencies: number[] }): void {
  const per = (n: number) => (n / r.messages).toFixed(2);
  const sorted = r.latencies.sort((a, b) => a - b);
  const p = (q: number) => (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(1);
  const sqliteMs = [...byPhase.values()].reduce((sum, t) => sum + t.ms, 0);
  if (experiments.size > 0) console.log(`experiments: ${[...experiments].join(', ')}`);
  console.log(`${r.messages} webhooks at concurrency ${r.concurrency} from ${r.phoneCount} phones: accepted in ${(r.acceptedMs / 1000).toFixed(1)} s (${Math.round(r.messages / (r.acceptedMs / 1000))}/s, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms); all answered and sent after ${(r.drainedMs / 1000).toFixed(1)} s`);
  console.log(`${r.outbound} outbound messages, ${r.sentTexts} texts at the fake Twilio API`);
  console.log(`process CPU ${(r.cpuMs / 1000).toFixed(1)} s = ${(r.cpuMs / r.messages).toFixed(1)} ms per inbound message (load generator and fake Twilio included); inside SQLite statements ${(sqliteMs / 1000).toFixed(1)} s = ${(sqliteMs / r.messages).toFixed(1)} ms per message; prepares ${prepares.count} (${per(prepares.count)}/message, ${(prepares.ms / 1000).toFixed(2)} s)`);
  console.log('\nphase      statements/msg  commits/msg  SQLite ms/msg');
  for (const [phase, t] of [...byPhase].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(`${phase.padEnd(10)} ${per(t.count).padStart(14)} ${per(t.commits).padStart(12)} ${(t.ms / r.messages).toFixed(2).padStart(14)}`);
  }
  console.log('\nstatement shapes by total time (count/msg, ms/msg, commits)');
  for (const [shape, t] of [...byShape].sort((a, b) => b[1].ms - a[1].ms).slice(0, 30)) {
    console.log(`${per(t.count).padStart(6)} ${(t.ms / r.messages).toFixed(2).padStart(6)} ms ${String(t.commits).padStart(6)}  ${shape}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
