// The SQL behind the inbox endpoints, as Prisma issues it, and each statement's query plan on the
// seeded database. The harness runs the same domain functions the routes call through a Prisma
// client of its own with query logging on (the server's SQL is the same: same code, same client),
// then explains every SELECT directly: EXPLAIN QUERY PLAN on SQLite, EXPLAIN (ANALYZE, BUFFERS)
// on PostgreSQL. It also times each statement on its own (no Prisma), to tell the database's
// share of an endpoint's time from the rest.
import { PrismaPg } from '@prisma/adapter-pg';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import type { Db } from '../../src/db/client';
import { PrismaClient as PostgresClient } from '../../src/db/generated/postgresql/client';
import { PrismaClient as SqliteClient } from '../../src/db/generated/sqlite/client';
import { createSqliteAdapterFactory } from '../../src/db/sqlite-adapter';
import { firstReplyWaits } from '../../src/domain/inbox/first-reply-waits';
import { personRecord } from '../../src/domain/inbox/person-record';
import { listQueue } from '../../src/domain/inbox/queues';
import { systemClock } from '../../src/lib/clock';
import type { Provider } from './bench-database';
import { round } from './process-sampler';
import type { SeedSummary } from './inbox-seed';

export interface StatementPlan {
  sql: string;
  params: unknown[];
  /** EXPLAIN QUERY PLAN rows (SQLite) or EXPLAIN ANALYZE lines (PostgreSQL). */
  plan: string[];
  /** Tables read without an index (a full scan of the table). */
  fullScans: string[];
  /** Whether the database sorts rows itself (no index gives the order). */
  sorts: boolean;
  usesIndex: boolean;
  /** Median time of the statement run directly (better-sqlite3 or pg), ms. */
  directMs: number;
}

export interface EndpointPlans {
  endpoint: string;
  statements: StatementPlan[];
}

interface Logged { query: string; params: string }

const DIRECT_RUNS = 15;
// Tables this small (seeded rows) are read whole more cheaply than through an index: a scan of one is no finding.
const SMALL_TABLE_ROWS = 1_000;

type Explainer = {
  explain(sql: string, params: unknown[]): Promise<Omit<StatementPlan, 'sql' | 'params' | 'directMs'>>;
  time(sql: string, params: unknown[]): Promise<number>;
  close(): Promise<void>;
};

function sqliteParams(params: unknown[]): unknown[] {
  // Prisma logs DateTimes as ISO strings; the file holds them as unixepoch-ms integers.
  return params.map((p) => (typeof p === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(p) ? Date.parse(p) : typeof p === 'boolean' ? (p ? 1 : 0) : p));
}

function sqliteExplainer(filePath: string, small: Set<string>): Explainer {
  const db = new BetterSqlite3(filePath, { readonly: true, fileMustExist: true });
  return {
    explain: async (sql, params) => {
      const rows = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...sqliteParams(params)) as Array<{ id: number; parent: number; detail: string }>;
      const depth = new Map<number, number>([[0, -1]]);
      const plan = rows.map((r) => {
        const d = (depth.get(r.parent) ?? -1) + 1;
        depth.set(r.id, d);
        return `${'  '.repeat(d)}${r.detail}`;
      });
      // "SCAN main.X" reads the whole table; "SCAN main.X USING … INDEX i" walks all of index i (early out only under a LIMIT with no sort).
      const fullScans = rows.flatMap((r) => {
        const match = /^SCAN (?:main\.)?(\w+)(?: AS \w+)?(?: USING (?:COVERING )?INDEX (\w+))?$/.exec(r.detail);
        // Prisma's own subqueries ("sub") and aliases of joined tables ("j0") are no table of their own.
        if (!match || small.has(match[1] as string) || /^(sub|subquery_\d+|j\d+|orderby_\d+)$/.test(match[1] as string)) return [];
        return [match[2] ? `${match[1]} (all of ${match[2]})` : (match[1] as string)];
      });
      return {
        plan,
        fullScans,
        sorts: rows.some((r) => /USE TEMP B-TREE FOR (ORDER|GROUP) BY/.test(r.detail)),
        usesIndex: rows.some((r) => /USING (COVERING |INTEGER PRIMARY KEY|PRIMARY KEY|INDEX)|USING .*INDEX/.test(r.detail)),
      };
    },
    time: async (sql, params) => {
      const statement = db.prepare(sql);
      const bound = sqliteParams(params);
      const reader = statement.reader;
      const times: number[] = [];
      for (let i = 0; i < DIRECT_RUNS; i++) {
        const t = performance.now();
        if (reader) statement.all(...bound);
        else statement.get(...bound);
        times.push(performance.now() - t);
      }
      return median(times);
    },
    close: async () => { db.close(); },
  };
}

function pgExplainer(client: Client, small: Set<string>): Explainer {
  return {
    explain: async (sql, params) => {
      const result = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      const plan = result.rows.map((r: Record<string, string>) => String(r['QUERY PLAN']));
      const fullScans = plan.map((line) => /Seq Scan on "?(\w+)"?/.exec(line)?.[1]).filter((t): t is string => t !== undefined && !small.has(t));
      return {
        plan,
        fullScans,
        sorts: plan.some((line) => /(^|->\s+)(Incremental )?Sort\s+\(/.test(line.trim())),
        usesIndex: plan.some((line) => /Index (Only )?Scan|Bitmap Index Scan/.test(line)),
      };
    },
    time: async (sql, params) => {
      const times: number[] = [];
      for (let i = 0; i < DIRECT_RUNS; i++) {
        const t = performance.now();
        await client.query(sql, params);
        times.push(performance.now() - t);
      }
      return median(times);
    },
    close: async () => undefined,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.floor(sorted.length / 2)] ?? 0, 2);
}

/** What each endpoint runs: the same calls as src/api/inbox/inbox-routes.ts makes. */
export function endpointCalls(seed: SeedSummary): Array<{ endpoint: string; run(db: Db): Promise<unknown> }> {
  const organisationId = seed.organisationId;
  const busiest = seed.busiestPeople[0]?.personId as string;
  return [
    { endpoint: 'waiting', run: (db) => listQueue(db, { organisationId, queue: 'waiting', staffId: seed.coachId }) },
    { endpoint: 'mine', run: (db) => listQueue(db, { organisationId, queue: 'mine', staffId: seed.coachId }) },
    { endpoint: 'paused', run: (db) => listQueue(db, { organisationId, queue: 'paused', staffId: seed.coachId }) },
    { endpoint: 'everyone', run: (db) => listQueue(db, { organisationId, queue: 'everyone', staffId: seed.coachId }) },
    { endpoint: 'conversation', run: (db) => personRecord(db, { organisationId, personId: busiest }) },
    { endpoint: 'search-name', run: (db) => listQueue(db, { organisationId, queue: 'everyone', staffId: seed.coachId, search: seed.searchNames[0] as string }) },
    { endpoint: 'search-phone', run: (db) => listQueue(db, { organisationId, queue: 'everyone', staffId: seed.coachId, search: seed.searchPhones[0] as string }) },
    { endpoint: 'first-reply-waits', run: (db) => firstReplyWaits(db, { organisationId, clock: systemClock, days: 7 }) },
  ];
}

const POSTGRES = { host: '127.0.0.1', port: 5432, user: 'postgres' };

/** Captures and explains the SQL of each endpoint on the seeded database (the server stopped or idle). */
export async function explainEndpoints(provider: Provider, url: string, seed: SeedSummary): Promise<EndpointPlans[]> {
  // The seed leaves some tables empty (practices, assets, referrals); the rest count by what it wrote.
  const small = new Set(['_prisma_migrations', 'Organisation', 'Practice', 'CommunityAsset', 'Referral', 'WellbeingAnswers', 'Connection'].filter((t) => seed.rows[t] === undefined));
  for (const [table, rows] of Object.entries(seed.rows)) if (rows < SMALL_TABLE_ROWS) small.add(table);
  const logged: Logged[] = [];
  const log = [{ emit: 'event', level: 'query' }] as const;
  let db: Db;
  let explainer: Explainer;
  let pg: Client | null = null;
  if (provider === 'sqlite') {
    const filePath = url.slice('file:'.length);
    const client = new SqliteClient({ adapter: createSqliteAdapterFactory(filePath), log: [...log] });
    client.$on('query', (e) => logged.push({ query: e.query, params: e.params }));
    db = client as unknown as Db;
    explainer = sqliteExplainer(filePath, small);
  } else {
    const database = new URL(url).pathname.slice(1);
    const client = new PostgresClient({ adapter: new PrismaPg({ ...POSTGRES, database, max: 2 }), log: [...log] });
    client.$on('query', (e) => logged.push({ query: e.query, params: e.params }));
    db = client as unknown as Db;
    pg = new Client({ ...POSTGRES, database });
    await pg.connect();
    explainer = pgExplainer(pg, small);
  }
  const results: EndpointPlans[] = [];
  try {
    for (const call of endpointCalls(seed)) {
      logged.length = 0;
      await call.run(db);
      const statements: StatementPlan[] = [];
      for (const entry of [...logged]) {
        if (!/^\s*SELECT/i.test(entry.query)) continue;
        const params = JSON.parse(entry.params) as unknown[];
        const plan = await explainer.explain(entry.query, params);
        statements.push({ sql: entry.query, params, ...plan, directMs: await explainer.time(entry.query, params) });
      }
      results.push({ endpoint: call.endpoint, statements });
    }
  } finally {
    await db.$disconnect();
    await explainer.close();
    await pg?.end();
  }
  return results;
}
