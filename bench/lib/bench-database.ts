import { mkdtempSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';

export type Provider = 'sqlite' | 'postgresql';

/** Messages by direction and status, and what the outbox still holds. */
export interface MessageCounts {
  byStatus: Record<string, number>;
  inbound: number;
  outbound: number;
  outboxEntries: number;
  /** Kept receipts the intake never stored. */
  intakeLeft: number;
  people: number;
}

/**
 * The database a Lantern under test uses: fresh for each run, read here only by direct
 * queries (read-only on SQLite), and removed afterwards.
 */
export interface BenchDatabase {
  provider: Provider;
  url: string;
  /** Texts kept but not yet stored as messages, unanswered inbound messages and unsent outbox entries right now. */
  backlog(): Promise<Backlog>;
  counts(): Promise<MessageCounts>;
  /** providerMessageId of every message in one direction (MessageSids inbound, Twilio SIDs outbound). */
  providerIds(direction: 'INBOUND' | 'OUTBOUND'): Promise<string[]>;
  close(): Promise<void>;
}

const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' };

const COUNT_BY_STATUS = 'SELECT "direction" AS direction, "status" AS status, COUNT(*) AS n FROM "Message" GROUP BY "direction", "status"';
export interface Backlog { intake: number; unanswered: number; outbox: number }

const BACKLOG = `SELECT (SELECT COUNT(*) FROM "InboundReceipt") AS intake,
  (SELECT COUNT(*) FROM "Message" WHERE "direction" = 'INBOUND' AND "status" = 'RECEIVED') AS unanswered,
  (SELECT COUNT(*) FROM "OutboxEntry") AS outbox, (SELECT COUNT(*) FROM "Person") AS people`;
const IDS = 'SELECT "providerMessageId" AS id FROM "Message" WHERE "direction" = $1';

type Row = Record<string, unknown>;

function summarise(statusRows: Row[], backlog: Row): MessageCounts {
  const byStatus: Record<string, number> = {};
  let inbound = 0;
  let outbound = 0;
  for (const row of statusRows) {
    const n = Number(row.n);
    byStatus[`${String(row.direction)}:${String(row.status)}`] = n;
    if (row.direction === 'INBOUND') inbound += n;
    else outbound += n;
  }
  return { byStatus, inbound, outbound, outboxEntries: Number(backlog.outbox), intakeLeft: Number(backlog.intake), people: Number(backlog.people) };
}

const toBacklog = (row: Row): Backlog => ({ intake: Number(row.intake), unanswered: Number(row.unanswered), outbox: Number(row.outbox) });

/** A temporary SQLite file; Lantern creates and migrates it, we read it read-only once it exists. */
export function sqliteBenchDatabase(): BenchDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lantern-bench-'));
  const filePath = path.join(dir, 'lantern.db');
  let reader: BetterSqlite3.Database | null = null;
  const db = () => (reader ??= new BetterSqlite3(filePath, { readonly: true, fileMustExist: true }));
  const all = (sql: string, ...params: unknown[]) => db().prepare(sql.replace('$1', '?')).all(...params) as Row[];
  return {
    provider: 'sqlite',
    url: `file:${filePath}`,
    backlog: async () => toBacklog(all(BACKLOG)[0] ?? {}),
    counts: async () => summarise(all(COUNT_BY_STATUS), all(BACKLOG)[0] ?? {}),
    providerIds: async (direction) => all(IDS, direction).map((row) => String(row.id)),
    close: async () => {
      reader?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Whether anything accepts TCP connections on PostgreSQL's port (within a second). */
export function postgresAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(POSTGRES.port, POSTGRES.host, () => done(true));
  });
}

/** A uniquely named database on the local PostgreSQL, dropped (with its connections) by close(). */
export async function postgresBenchDatabase(): Promise<BenchDatabase> {
  const name = `lantern_bench_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ ...POSTGRES, database: 'postgres', connectionTimeoutMillis: 5_000 });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const reader = new Client({ ...POSTGRES, database: name, connectionTimeoutMillis: 5_000 });
  await reader.connect();
  const all = async (sql: string, ...params: unknown[]) => (await reader.query(sql, params)).rows as Row[];
  return {
    provider: 'postgresql',
    url: `postgresql://${POSTGRES.user}@${POSTGRES.host}:${POSTGRES.port}/${name}`,
    backlog: async () => toBacklog((await all(BACKLOG))[0] ?? {}),
    counts: async () => summarise(await all(COUNT_BY_STATUS), (await all(BACKLOG))[0] ?? {}),
    providerIds: async (direction) => (await all(IDS, direction)).map((row) => String(row.id)),
    close: async () => {
      await reader.end().catch(() => undefined);
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}
