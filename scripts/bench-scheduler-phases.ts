// Where bench:scheduler's time goes, without a profiler: seeds a fresh SQLite file with N paused
// people whose resumption is due (as bench:scheduler does), runs the real service in this process
// with texts going to the fake Twilio API, and reports the process's CPU per text and every SQLite
// statement (count, time, commits) charged to the scheduler or the outbox, by statement shape. It
// patches better-sqlite3's prototypes in this process only. Usage:
//   tsx scripts/bench-scheduler-phases.ts [resumptions=1000]     (NO_OUTBOX=1: the scheduler alone)
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { startFakeTwilioApi } from '../tests/fakes/fake-twilio-api';
import { loadConfig } from '../src/config/load-config';
import { createLogger } from '../src/lib/logger';
import { startService } from '../src/start-service';
import { Outbox } from '../src/messaging/outbox';
import { Scheduler } from '../src/scheduling/scheduler';
import { seedPausedPeople } from '../bench/lib/scheduler-seed';
import { LANTERN_NUMBER } from '../bench/lib/twilio-webhooks';

type Phase = string;
const phase = new AsyncLocalStorage<Phase>();
const shapes = new Map<string, { n: number; ms: number }>();
const phases = new Map<string, { n: number; ms: number; commits: number }>();
let recording = false;
function tally(sql: string, ms: number) {
  if (!recording) return;
  const p = phase.getStore() ?? 'other';
  const key = `${p} | ${sql.replace(/\s+/g, ' ').replace(/\?(, \?)+/g, '?…').slice(0, 140)}`;
  const s = shapes.get(key) ?? { n: 0, ms: 0 }; s.n++; s.ms += ms; shapes.set(key, s);
  const t = phases.get(p) ?? { n: 0, ms: 0, commits: 0 }; t.n++; t.ms += ms; if (/^COMMIT/i.test(sql.trim())) t.commits++; phases.set(p, t);
}
const probe = new BetterSqlite3(':memory:');
const sp = Object.getPrototypeOf(probe.prepare('SELECT 1')) as any;
for (const m of ['run', 'all', 'get', 'iterate'] as const) {
  const orig = sp[m];
  sp[m] = function (this: any, ...a: unknown[]) { const t = performance.now(); try { return orig.apply(this, a); } finally { tally(this.source, performance.now() - t); } };
}
const dp = BetterSqlite3.prototype as any;
const exec = dp.exec;
dp.exec = function (this: any, sql: string) { const t = performance.now(); try { return exec.call(this, sql); } finally { tally(sql, performance.now() - t); } };
const so = Scheduler.prototype.runOnce; Scheduler.prototype.runOnce = function (this: any) { return phase.run('scheduler', () => so.call(this)); };
const oo = Outbox.prototype.runOnce; Outbox.prototype.runOnce = function (this: any) { return phase.run('outbox', () => oo.call(this)); };

async function main() {
  const n = Number(process.argv[2] ?? 1000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sched-phases-'));
  const url = `file:${path.join(dir, 'l.db')}`;
  await seedPausedPeople(url, n);
  const fake = await startFakeTwilioApi();
  const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), HOST: '127.0.0.1', PORT: '0', PUBLIC_BASE_URL: 'http://127.0.0.1:1', DATABASE_URL: url, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false', QUIET_HOURS_START: '00:00', QUIET_HOURS_END: '00:00', TWILIO_ACCOUNT_SID: fake.accountSid, TWILIO_AUTH_TOKEN: fake.authToken, TWILIO_FROM_NUMBER: LANTERN_NUMBER, TWILIO_API_BASE_URL: fake.baseUrl });
  const c0 = process.cpuUsage(); const t0 = Date.now();
  recording = true;
  const service = await startService(config, createLogger({ level: 'warn' }));
  if (process.env.NO_OUTBOX === '1') {
    await service.outbox.stop();
    for (;;) {
      const left = await service.database.db.scheduledJob.count({ where: { kind: 'resume', status: 'PENDING' } });
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  } else await fake.waitForSent(n, 300_000);
  const cpu = process.cpuUsage(c0); const wall = Date.now() - t0;
  recording = false;
  await service.stop(); await fake.close();
  console.log(`${n} texts in ${wall} ms; process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms = ${((cpu.user + cpu.system) / 1000 / n).toFixed(2)} ms/text`);
  for (const [p, t] of phases) console.log(`${p}: ${t.n} statements (${(t.n / n).toFixed(1)}/text), ${t.ms.toFixed(0)} ms in SQLite (${(t.ms / n).toFixed(2)} ms/text), ${t.commits} commits`);
  for (const [k, s] of [...shapes].sort((a, b) => b[1].n - a[1].n).slice(0, 40)) console.log(`${String(s.n).padStart(6)} ${s.ms.toFixed(0).padStart(6)} ms  ${k}`);
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
