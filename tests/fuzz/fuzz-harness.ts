import net from 'node:net';
import type { Db } from '../../src/db/client';
import { startSmsService } from '../helpers/sms-service';

// What every fuzz suite checks, whatever it throws: an answer comes (no hang), it is never a 5xx,
// a JSON API's refusal is a JSON error with a message, the service still answers /readyz, and
// nothing was half-stored.

export type SmsService = Awaited<ReturnType<typeof startSmsService>>;

export interface FuzzResponse {
  status: number;
  text: string;
  body: unknown;
  contentType: string;
  ms: number;
}

/** Longer than any route should take, even on PostgreSQL on a busy machine: a hang, not slowness. */
export const HANG_MS = 15_000;

/** fetch with a deadline: a route that never answers fails the property instead of the suite timing out. */
export async function send(url: string, init: RequestInit = {}): Promise<FuzzResponse> {
  const started = Date.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(HANG_MS) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, text, body, contentType: response.headers.get('content-type') ?? '', ms: Date.now() - started };
}

/**
 * Raw bytes to the server over TCP, for what fetch refuses to send: invalid UTF-8 in the path,
 * control characters, broken headers. Resolves with the status (0 when the server just closed).
 */
export function sendRaw(serverUrl: string, bytes: Buffer): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(serverUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${HANG_MS} ms to a raw request`));
    }, HANG_MS);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0), text });
    });
  });
}

/** A clean refusal or a success: never a 5xx; a refusal from a JSON API names its problem. */
export function expectClean(response: FuzzResponse, what: string, options: { json?: boolean } = { json: true }): void {
  const problem = cleanProblem(response, options);
  if (problem) throw new Error(`${what}: ${problem} (status ${response.status}, body ${response.text.slice(0, 300)})`);
}

function cleanProblem(response: FuzzResponse, options: { json?: boolean }): string | null {
  if (response.status >= 500) return 'answered with a server error';
  if (response.status < 200) return 'answered with no proper status';
  if (response.status < 400 || options.json === false) return null;
  // Node refuses oversized headers itself, before any route can answer in JSON.
  if (response.status === 431) return null;
  const body = response.body as { error?: { code?: unknown; message?: unknown } } | null;
  if (!body || typeof body !== 'object' || !body.error) return 'refused without a JSON error body';
  if (typeof body.error.code !== 'string' || typeof body.error.message !== 'string' || body.error.message.trim() === '') return 'refused without an error code and message';
  return null;
}

/** The service is still up and its database reachable. */
export async function expectStillServing(serverUrl: string): Promise<void> {
  const ready = await send(`${serverUrl}/readyz`);
  if (ready.status !== 200) throw new Error(`/readyz answered ${ready.status}: ${ready.text}`);
}

/** Nothing a fuzzer could reach may have been polluted: Object.prototype has only its own names. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
export function expectPrototypeUntouched(): void {
  const now = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
  if (now !== PROTOTYPE_NAMES) throw new Error(`Object.prototype was polluted: ${now}`);
  if (({} as Record<string, unknown>).polluted !== undefined) throw new Error('Object.prototype.polluted was set');
}

// Every table, in one query, so checking after each request stays cheap on PostgreSQL too.
const TABLES = [
  'Organisation', 'Staff', 'Practice', 'ApiToken', 'Person', 'ChannelAddress', 'Conversation', 'Message', 'InboundReceipt', 'OutboxEntry',
  'DeliveryEvent', 'WhatMattersItem', 'CheckIn', 'WellbeingAnswers', 'CoachNote', 'Handoff', 'UrgentFlag', 'Referral', 'ScheduledJob',
  'AuditEvent', 'BotState', 'CommunityAsset', 'AssetCategory', 'Connection', 'WhatDidntWork',
] as const;

export type RowCounts = Record<(typeof TABLES)[number], number>;

export async function rowCounts(db: Db): Promise<RowCounts> {
  const sql = `SELECT ${TABLES.map((table) => `(SELECT COUNT(*) FROM "${table}") AS "${table}"`).join(', ')}`;
  const [row] = await db.$queryRawUnsafe<Array<Record<string, bigint | number>>>(sql);
  return Object.fromEntries(TABLES.map((table) => [table, Number(row?.[table] ?? 0)])) as RowCounts;
}

/** The tables whose counts differ, as "Table: before → after". */
export function changedCounts(before: RowCounts, after: RowCounts): string[] {
  return TABLES.filter((table) => before[table] !== after[table]).map((table) => `${table}: ${before[table]} → ${after[table]}`);
}

/** Runs for each property: FUZZ_RUNS scales them all (e.g. FUZZ_RUNS=0.2 for a quick look, 5 for a long soak). */
export function runs(base: number): number {
  const scale = Number(process.env.FUZZ_RUNS ?? '1');
  return Math.max(5, Math.round(base * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
