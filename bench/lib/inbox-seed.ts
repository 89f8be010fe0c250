// Seeds a large organisation for bench:inbox with bulk raw SQL: people, their one conversation
// each, a heavy-tailed spread of messages, coaches with caseloads, and the inbox's states
// (waiting, with a coach, urgent, notes, what matters, pauses). The same deterministic data goes
// to SQLite (one prepared INSERT per table inside large transactions) and PostgreSQL (multi-row
// INSERT … SELECT FROM unnest($1::text[], …), a few thousand rows a statement).
import { randomUUID } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';

export interface SeedSettings {
  people: number;
  messages: number;
  coaches: number;
  /** "With a coach" conversations held by the coach the bench signs in as. */
  caseload: number;
  /** The same hash for every coach: scrypt is deliberately slow, so hashing 200 passwords would take the seeding's time. */
  passwordHash: string;
  seed: number;
}

/** What the bench needs to know about the seeded data to aim its requests. */
export interface SeedSummary {
  organisationId: string;
  coachEmail: string;
  coachId: string;
  rows: Record<string, number>;
  /** People with the most messages (their conversation view shows the 300 latest). */
  busiestPeople: Array<{ personId: string; messages: number }>;
  /** Phones of people picked at random, in the national format a coach would type. */
  searchPhones: string[];
  searchNames: string[];
  states: { waiting: number; withCoach: number; urgent: number; paused: number; benchCoachCaseload: number };
  seconds: number;
}

type Pg = 'text' | 'int' | 'bool' | 'ts' | `"${string}"`;
interface Table { name: string; columns: Array<[string, Pg]> }

// Column order matters: rows below are written in this order.
const TABLES = {
  Organisation: { name: 'Organisation', columns: [['id', 'text'], ['name', 'text'], ['createdAt', 'ts']] },
  Staff: {
    name: 'Staff',
    columns: [['id', 'text'], ['organisationId', 'text'], ['email', 'text'], ['displayName', 'text'], ['role', '"StaffRole"'], ['passwordHash', 'text'],
      ['mustChangePassword', 'bool'], ['sessionsValidAfter', 'ts'], ['failedSignIns', 'int'], ['createdAt', 'ts']],
  },
  Person: {
    name: 'Person',
    columns: [['id', 'text'], ['organisationId', 'text'], ['preferredName', 'text'], ['phone', 'text'], ['timeZone', 'text'], ['area', 'text'], ['welcomedAt', 'ts'],
      ['optedOutAt', 'ts'], ['optOutSource', 'text'], ['pausedAt', 'ts'], ['pausedUntil', 'ts'], ['checkInRhythm', '"CheckInRhythm"'], ['checkInDay', 'int'],
      ['quietDays', 'text'], ['lastChannel', '"Channel"'], ['createdAt', 'ts'], ['updatedAt', 'ts']],
  },
  ChannelAddress: {
    name: 'ChannelAddress',
    columns: [['id', 'text'], ['personId', 'text'], ['channel', '"Channel"'], ['address', 'text'], ['verifiedAt', 'ts'], ['lastSeenAt', 'ts'], ['createdAt', 'ts']],
  },
  Conversation: {
    name: 'Conversation',
    columns: [['id', 'text'], ['organisationId', 'text'], ['personId', 'text'], ['handoffState', '"HandoffState"'], ['assignedCoachId', 'text'], ['waitingSince', 'ts'],
      ['urgentSince', 'ts'], ['awaitingReplySince', 'ts'], ['lastMessageAt', 'ts'], ['lastMessageId', 'text'], ['messageCount', 'int'], ['deliveryFailedAt', 'ts'], ['createdAt', 'ts']],
  },
  Message: {
    name: 'Message',
    columns: [['id', 'text'], ['conversationId', 'text'], ['personId', 'text'], ['direction', '"Direction"'], ['channel', '"Channel"'], ['author', '"Author"'],
      ['authorStaffId', 'text'], ['body', 'text'], ['seq', 'int'], ['status', '"DeliveryStatus"'], ['providerMessageId', 'text'], ['errorCode', 'text'], ['createdAt', 'ts'], ['updatedAt', 'ts']],
  },
  Handoff: {
    name: 'Handoff',
    columns: [['id', 'text'], ['conversationId', 'text'], ['personId', 'text'], ['reason', 'text'], ['summary', 'text'], ['requestedAt', 'ts'], ['claimedAt', 'ts'],
      ['claimedById', 'text'], ['firstReplyAt', 'ts'], ['endedAt', 'ts']],
  },
  UrgentFlag: {
    name: 'UrgentFlag',
    columns: [['id', 'text'], ['personId', 'text'], ['reason', 'text'], ['messageId', 'text'], ['raisedAt', 'ts'], ['resolvedAt', 'ts'], ['resolvedById', 'text'], ['resolutionNote', 'text']],
  },
  CoachNote: { name: 'CoachNote', columns: [['id', 'text'], ['personId', 'text'], ['authorId', 'text'], ['body', 'text'], ['createdAt', 'ts']] },
  WhatMattersItem: {
    name: 'WhatMattersItem',
    columns: [['id', 'text'], ['personId', 'text'], ['category', '"WhatMattersCategory"'], ['text', 'text'], ['source', 'text'], ['createdAt', 'ts'], ['updatedAt', 'ts']],
  },
  CheckIn: { name: 'CheckIn', columns: [['id', 'text'], ['personId', 'text'], ['words', 'text'], ['score', 'int'], ['createdAt', 'ts']] },
  ScheduledJob: {
    name: 'ScheduledJob',
    columns: [['id', 'text'], ['kind', 'text'], ['personId', 'text'], ['dueAt', 'ts'], ['payload', 'text'], ['status', '"JobStatus"'], ['dedupeKey', 'text'], ['attempts', 'int'], ['createdAt', 'ts']],
  },
} satisfies Record<string, Table>;

type TableName = keyof typeof TABLES;
type Value = string | number | boolean | Date | null;

/** Where rows go: buffered per table, written in batches. */
interface RowSink {
  add(table: TableName, row: Value[]): Promise<void>;
  finish(): Promise<void>;
}

const SQLITE_BATCH = 20_000;
const PG_BATCH = 4_000;

function sqliteSink(filePath: string): RowSink & { close(): void } {
  const db = new BetterSqlite3(filePath);
  // Seeding only: the file is thrown away if this fails part-way. Lantern's own pragmas apply once it opens the file.
  db.pragma('foreign_keys = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -131072');
  const statements = new Map<TableName, BetterSqlite3.Statement>();
  const buffers = new Map<TableName, Value[][]>();
  const statement = (table: TableName) => {
    let s = statements.get(table);
    if (!s) {
      const { columns } = TABLES[table];
      s = db.prepare(`INSERT INTO "${table}" (${columns.map(([c]) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      statements.set(table, s);
    }
    return s;
  };
  const toSqlite = (v: Value) => (v instanceof Date ? v.getTime() : typeof v === 'boolean' ? (v ? 1 : 0) : v);
  const flush = (table: TableName) => {
    const rows = buffers.get(table);
    if (!rows?.length) return;
    const s = statement(table);
    db.transaction(() => { for (const row of rows) s.run(row.map(toSqlite)); })();
    buffers.set(table, []);
  };
  return {
    add: async (table, row) => {
      const rows = buffers.get(table) ?? [];
      rows.push(row);
      buffers.set(table, rows);
      if (rows.length >= SQLITE_BATCH) flush(table);
    },
    finish: async () => {
      for (const table of Object.keys(TABLES) as TableName[]) flush(table);
      const problems = db.prepare('PRAGMA foreign_key_check').all();
      if (problems.length) throw new Error(`seeded rows break foreign keys: ${JSON.stringify(problems.slice(0, 5))}`);
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
    close: () => db.close(),
  };
}

function pgSink(client: Client): RowSink {
  const buffers = new Map<TableName, Value[][]>();
  const flush = async (table: TableName) => {
    const rows = buffers.get(table);
    if (!rows?.length) return;
    buffers.set(table, []);
    const { columns } = TABLES[table];
    const arrayType = (t: Pg) => (t === 'ts' ? 'timestamp(3)' : t === 'int' ? 'integer' : t === 'bool' ? 'boolean' : t === 'text' ? 'text' : 'text');
    const select = columns.map(([, t], i) => (t.startsWith('"') ? `c${i}::${t}` : `c${i}`)).join(', ');
    const sql = `INSERT INTO "${table}" (${columns.map(([c]) => `"${c}"`).join(', ')})
      SELECT ${select} FROM unnest(${columns.map(([, t], i) => `$${i + 1}::${arrayType(t)}[]`).join(', ')}) AS u(${columns.map((_, i) => `c${i}`).join(', ')})`;
    const params = columns.map((_, i) => rows.map((row) => {
      const v = row[i] ?? null;
      return v instanceof Date ? v.toISOString().replace('T', ' ').replace('Z', '') : v;
    }));
    await client.query(sql, params);
  };
  let started = false;
  return {
    add: async (table, row) => {
      // Tables fill at different rates, so a batch may reach PostgreSQL before its parent rows:
      // foreign keys are not checked while seeding (SQLite's foreign_key_check vouches for the same data).
      if (!started) { await client.query("SET session_replication_role = 'replica'"); started = true; }
      const rows = buffers.get(table) ?? [];
      rows.push(row);
      buffers.set(table, rows);
      if (rows.length >= PG_BATCH) await flush(table);
    },
    finish: async () => {
      for (const table of Object.keys(TABLES) as TableName[]) await flush(table);
      await client.query("SET session_replication_role = 'origin'");
      const orphans = await client.query(`SELECT
        (SELECT COUNT(*) FROM "Message" m WHERE NOT EXISTS (SELECT 1 FROM "Conversation" c WHERE c.id = m."conversationId")) AS messages,
        (SELECT COUNT(*) FROM "Conversation" c WHERE NOT EXISTS (SELECT 1 FROM "Person" p WHERE p.id = c."personId")) AS conversations`);
      const row = orphans.rows[0] as { messages: string; conversations: string };
      if (Number(row.messages) || Number(row.conversations)) throw new Error(`seeded rows break foreign keys: ${JSON.stringify(row)}`);
    },
  };
}

// ------------------------------------------------------------------------------------------------
// The data
// ------------------------------------------------------------------------------------------------

/** mulberry32: small, fast and the same on every run for a seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = [
  'Margaret', 'Jo', 'Sam', 'Priya', 'Tom', 'Aisha', 'Pat', 'Mohammed', 'Linda', 'Dave', 'Grace', 'Kwame', 'Sue', 'Ahmed', 'Jean', 'Ravi', 'Maureen', 'Chris',
  'Fatima', 'Alan', 'Irene', 'Tariq', 'Brenda', 'Gary', 'Mary', 'Oluwaseun', 'Helen', 'Jamal', 'Dorothy', 'Wei', 'Barbara', 'Steve', 'Nadia', 'Keith', 'Joan',
  'Deepak', 'Pauline', 'Ian', 'Zainab', 'Sandra', 'Colin', 'Shirley', 'Hassan', 'Karen', 'Malcolm', 'Anne-Marie', "Siobhan", 'Derek', 'Yusuf', 'Carol', 'Emeka',
  'Valerie', 'Ken', 'Agnieszka', 'Norman', 'Bernadette', 'Ali', 'Rosemary', 'Terry', 'Gurpreet', 'Elaine', 'Raymond', 'Hannah', 'Lee', 'Olga', 'Frank', 'Sally',
  'Marek', 'Patricia', 'Leroy', 'Eileen', 'Neil', 'Amira', 'Doreen', 'Phil', 'Mei', 'Gwen', 'Roy', 'Sunita', 'Kath', 'Bernard', 'Lisa', 'Abdul', 'June', 'Rob',
  'Teresa', 'Graham', 'Comfort', 'Vera', 'Andy', 'Iqbal', 'Wendy', 'Stan', 'Bridget', 'Kofi', 'Hazel', 'Geoff', 'Ruth', 'Tony', 'Ewa', 'Alfie', 'Lily', 'Rosa',
];
const AREAS = ['M8', 'M9', 'M40', 'M11', 'M18', 'M19', 'M22', 'M23', 'M13', 'M14', 'M15', 'M16'];
const INBOUND = [
  'feeling a bit better today', 'not a great week tbh', 'went for a walk this morning', 'bit lonely today', 'had a good chat with my neighbour',
  'slept badly again', 'ok thanks, just tired', 'managed to get to the shops', 'I love gardening', 'my grandchildren mean the world to me',
  'I want to get back to swimming', 'I used to sing in a choir', 'I need help with my gas bill', 'hi', 'hello', 'thanks', 'thank you x',
  'the letter from the council came today and I do not understand what it means, can someone help me read it?',
  'can I talk to someone', 'pause for 2 weeks', "I'm back", 'went to the coffee morning at the library, it was nice to get out',
];
const BOT = [
  'Thanks for letting me know. How are you feeling today, on a scale of 0 to 10?', "That sounds like a lot. I'm here whenever you want to talk.",
  "I've noted that gardening matters to you. Would you like to hear about groups nearby?", 'Good to hear from you. Take care of yourself today.',
  "I'll let a coach know you'd like to talk. They usually reply within a working day.", 'Thank you. I will check in with you next Monday.',
];
const COACH = [
  "Hi, it's your link worker. How did the appointment go?", 'I found a walking group on Tuesdays near you, would you like the details?',
  'No problem at all, we can take it slowly.', "I've rung the council for you; they're sending a new letter.", 'Lovely to hear that! Same time next week?',
];
const NOTES = ['Prefers texts in the morning.', 'Carer for her husband; limited time on weekdays.', 'Referred to Citizens Advice about the energy debt.',
  'Interested in the allotment society; follow up in a fortnight.', 'Anxious about phone calls: keep to text.'];
const CATEGORIES = ['PASSIONS_AND_INTERESTS', 'RELATIONSHIPS', 'HEALTH', 'MONEY', 'HOUSING', 'COMMUNITY_GROUPS', 'KNOWLEDGE_AND_SKILLS', 'PERSONAL_QUALITIES', 'TRANSPORT', 'LEISURE'];
const WHAT_MATTERS = ['gardening', 'my grandchildren', 'getting back to swimming', 'singing', 'help with the gas bill', 'my dog', 'the church choir', 'cooking for others', 'fixing bikes'];

const DAY = 24 * 60 * 60_000;

/** National format, as a coach types it: +447946012345 → "07946 012345". */
function nationalFormat(e164: string): string {
  const rest = `0${e164.slice(3)}`;
  return `${rest.slice(0, 5)} ${rest.slice(5)}`;
}

function personPhone(index: number): string {
  // The first 999 are Ofcom's drama mobiles; then 07946 0xxxxx as bench/lib/twilio-webhooks.ts explains (never texted here: nothing is sent).
  return index < 999 ? `+447700900${String(index + 1).padStart(3, '0')}` : `+4479460${String(index - 999).padStart(5, '0')}`;
}

/** Messages per person: heavy-tailed (a few people write every day for a year), at least 2 each, summing to `total`. */
function messageCounts(people: number, total: number, rand: () => number): number[] {
  const weights = Array.from({ length: people }, () => Math.min(400, (1 / (1 - rand() * 0.999)) ** 1.1));
  const sum = weights.reduce((a, b) => a + b, 0);
  const counts = weights.map((w) => Math.max(2, Math.floor((w / sum) * total)));
  let difference = total - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; difference !== 0; i = (i + 1) % people) {
    if (difference > 0) { counts[i] = (counts[i] as number) + 1; difference -= 1; }
    else if ((counts[i] as number) > 2) { counts[i] = (counts[i] as number) - 1; difference += 1; }
  }
  return counts;
}

export async function seedInboxData(target: { provider: 'sqlite'; filePath: string } | { provider: 'postgresql'; client: Client }, settings: SeedSettings): Promise<SeedSummary> {
  const started = Date.now();
  const sqlite = target.provider === 'sqlite' ? sqliteSink(target.filePath) : null;
  const sink: RowSink = sqlite ?? pgSink((target as { client: Client }).client);
  const rand = random(settings.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const chance = (p: number) => rand() < p;
  const rows: Record<string, number> = {};
  const add = async (table: TableName, row: Value[]) => { rows[table] = (rows[table] ?? 0) + 1; await sink.add(table, row); };
  // Fixed "now" for the data, so ages and pauses are the same across runs on the same day.
  const now = Date.now();

  try {
    const organisationId = randomUUID();
    await add('Organisation', [organisationId, 'Bench PCN', new Date(now - 400 * DAY)]);
    const coachIds: string[] = [];
    for (let c = 0; c < settings.coaches; c++) {
      const id = randomUUID();
      coachIds.push(id);
      await add('Staff', [id, organisationId, `coach${c}@bench.lantern.test`, `Coach ${c}`, 'COACH', settings.passwordHash, false, new Date(now - 400 * DAY), 0, new Date(now - 400 * DAY)]);
    }

    const counts = messageCounts(settings.people, settings.messages, rand);
    const waitingEvery = 0.015;
    const withCoachShare = 0.2;
    let benchCaseload = 0;
    const states = { waiting: 0, withCoach: 0, urgent: 0, paused: 0, benchCoachCaseload: 0 };
    const busiest: Array<{ personId: string; messages: number }> = [];
    const searchPhones: string[] = [];
    let providerCounter = 0;

    for (let p = 0; p < settings.people; p++) {
      const personId = randomUUID();
      const conversationId = randomUUID();
      const webOnly = chance(0.1);
      const phone = webOnly ? null : personPhone(p);
      const channel = webOnly ? 'WEB_CHAT' : 'SMS';
      const name = chance(0.9) ? pick(FIRST_NAMES) : null;
      const createdAt = now - Math.floor(rand() * 365 * DAY) - DAY;
      const optedOut = chance(0.02);
      const paused = !optedOut && chance(0.05);
      const pausedAt = paused ? now - Math.floor(rand() * 20 * DAY) : null;
      const pausedUntil = paused && chance(0.7) ? now + Math.floor((1 + rand() * 40) * DAY) : null;
      const rhythm = chance(0.3) ? pick(['WEEKLY', 'FORTNIGHTLY', 'MONTHLY']) : 'ONLY_WHEN_I_WRITE';
      await add('Person', [personId, organisationId, name, phone, 'Europe/London', chance(0.4) ? pick(AREAS) : null, new Date(createdAt + 60_000),
        optedOut ? new Date(now - Math.floor(rand() * 60 * DAY)) : null, optedOut ? 'keyword' : null, pausedAt === null ? null : new Date(pausedAt),
        pausedUntil === null ? null : new Date(pausedUntil), rhythm, rhythm === 'WEEKLY' ? Math.floor(rand() * 7) : null, chance(0.1) ? '0,6' : '', channel,
        new Date(createdAt), new Date(now - Math.floor(rand() * 30 * DAY))]);
      if (phone && searchPhones.length < 200 && chance(0.05)) searchPhones.push(nationalFormat(phone));
      await add('ChannelAddress', [randomUUID(), personId, channel, phone ?? `dl_${randomUUID()}`, null, new Date(now - Math.floor(rand() * 30 * DAY)), new Date(createdAt)]);
      if (paused) {
        states.paused += 1;
        if (pausedUntil !== null) await add('ScheduledJob', [randomUUID(), 'resume', personId, new Date(pausedUntil), '{}', 'PENDING', `resume:${personId}`, 0, new Date(pausedAt as number)]);
      }
      if (rhythm !== 'ONLY_WHEN_I_WRITE') await add('ScheduledJob', [randomUUID(), 'check-in', personId, new Date(now + Math.floor(rand() * 7 * DAY)), '{}', 'PENDING', `check-in:${personId}`, 0, new Date(createdAt)]);

      // The conversation's state.
      const roll = rand();
      const state = optedOut ? 'BOT' : roll < waitingEvery ? 'WAITING' : roll < waitingEvery + withCoachShare ? 'WITH_COACH' : 'BOT';
      let coachId: string | null = null;
      if (state === 'WITH_COACH') {
        // The first `caseload` go to the coach the bench signs in as; the rest are spread over everyone else.
        if (benchCaseload < settings.caseload) { coachId = coachIds[0] as string; benchCaseload += 1; }
        else coachId = coachIds.length > 1 ? (coachIds[1 + Math.floor(rand() * (coachIds.length - 1))] as string) : (coachIds[0] as string);
      }
      const urgent = (state === 'WAITING' && chance(0.1)) || (state === 'WITH_COACH' && chance(0.02));

      // Messages: spread from their first contact to now, the latest few days ago at most.
      const n = counts[p] as number;
      const span = Math.max(60_000, now - createdAt - Math.floor(rand() * 3 * DAY));
      let lastMessageId = '';
      let lastAt = createdAt;
      let lastInbound = false;
      for (let seq = 1; seq <= n; seq++) {
        const id = randomUUID();
        const at = createdAt + Math.floor((span * seq) / (n + 1)) + Math.floor(rand() * 30_000);
        // A person writes, then the bot (or, later in a coach's conversation, the coach) answers.
        const inbound = seq % 2 === 1 || chance(0.1);
        const byCoach = !inbound && coachId !== null && seq > n * 0.7 && chance(0.6);
        const status = inbound ? 'HANDLED' : chance(0.004) ? 'FAILED' : channel === 'SMS' ? 'DELIVERED' : 'SENT';
        providerCounter += 1;
        await add('Message', [id, conversationId, personId, inbound ? 'INBOUND' : 'OUTBOUND', channel, inbound ? 'PERSON' : byCoach ? 'COACH' : 'BOT',
          byCoach ? coachId : null, inbound ? pick(INBOUND) : byCoach ? pick(COACH) : pick(BOT), seq, status,
          channel === 'SMS' ? `SM${providerCounter.toString(16).padStart(32, '0')}` : null, status === 'FAILED' ? '30003' : null, new Date(at), new Date(at)]);
        lastMessageId = id;
        lastAt = at;
        lastInbound = inbound;
      }
      if (busiest.length < 50 || n > (busiest[busiest.length - 1]?.messages ?? 0)) {
        busiest.push({ personId, messages: n });
        busiest.sort((a, b) => b.messages - a.messages);
        busiest.length = Math.min(busiest.length, 50);
      }

      const waitingSince = state === 'WAITING' ? now - Math.floor(rand() * 3 * DAY) : null;
      const urgentSince = urgent ? now - Math.floor(rand() * DAY) : null;
      const awaitingReply = state === 'WITH_COACH' && (lastInbound || chance(0.3)) ? lastAt : null;
      await add('Conversation', [conversationId, organisationId, personId, state, coachId, waitingSince === null ? null : new Date(waitingSince),
        urgentSince === null ? null : new Date(urgentSince), awaitingReply === null ? null : new Date(awaitingReply), new Date(lastAt), lastMessageId, n,
        chance(0.01) ? new Date(lastAt) : null, new Date(createdAt)]);
      if (state === 'WAITING') states.waiting += 1;
      if (state === 'WITH_COACH') states.withCoach += 1;
      if (urgent) states.urgent += 1;

      // Handoffs: the open one for waiting and coached people, and earlier episodes for some.
      const earlier = chance(0.25) ? 1 + Math.floor(rand() * 3) : 0;
      for (let h = 0; h < earlier; h++) {
        const requestedAt = createdAt + Math.floor(rand() * (now - createdAt) * 0.8);
        const claimer = coachIds[Math.floor(rand() * coachIds.length)] as string;
        await add('Handoff', [randomUUID(), conversationId, personId, 'asked for a coach', 'What matters: gardening. Last messages: bit lonely today.', new Date(requestedAt),
          new Date(requestedAt + 3_600_000), claimer, new Date(requestedAt + 5_400_000), new Date(requestedAt + 20 * DAY)]);
      }
      if (state === 'WAITING' || state === 'WITH_COACH') {
        const requestedAt = waitingSince ?? now - Math.floor((1 + rand() * 60) * DAY);
        const claimed = state === 'WITH_COACH';
        await add('Handoff', [randomUUID(), conversationId, personId, urgent ? 'crisis-message' : 'asked for a coach', 'What matters: my grandchildren. Last messages: not a great week tbh; can I talk to someone.',
          new Date(requestedAt), claimed ? new Date(requestedAt + 3_600_000) : null, claimed ? coachId : null, claimed && chance(0.9) ? new Date(requestedAt + 7_200_000) : null, null]);
      }
      if (urgent) await add('UrgentFlag', [randomUUID(), personId, 'crisis-message', lastMessageId, new Date(urgentSince as number), null, null, null]);
      else if (chance(0.03)) {
        const raisedAt = createdAt + Math.floor(rand() * (now - createdAt));
        await add('UrgentFlag', [randomUUID(), personId, 'delivery-failed', null, new Date(raisedAt), new Date(raisedAt + DAY), coachIds[0] as string, 'Rang them; all fine.']);
      }
      if (coachId !== null) {
        const notes = Math.floor(rand() * 8);
        for (let k = 0; k < notes; k++) await add('CoachNote', [randomUUID(), personId, coachId, pick(NOTES), new Date(createdAt + Math.floor(rand() * (now - createdAt)))]);
      }
      if (chance(0.6)) {
        const items = 1 + Math.floor(rand() * 5);
        for (let k = 0; k < items; k++) {
          const at = new Date(createdAt + Math.floor(rand() * (now - createdAt)));
          await add('WhatMattersItem', [randomUUID(), personId, pick(CATEGORIES), pick(WHAT_MATTERS), chance(0.8) ? 'person' : 'coach', at, at]);
        }
      }
      if (chance(0.3)) {
        const checkIns = 1 + Math.floor(rand() * 10);
        for (let k = 0; k < checkIns; k++) await add('CheckIn', [randomUUID(), personId, pick(INBOUND), chance(0.5) ? Math.floor(rand() * 11) : null, new Date(createdAt + Math.floor(rand() * (now - createdAt)))]);
      }
    }
    states.benchCoachCaseload = benchCaseload;
    await sink.finish();
    return {
      organisationId,
      coachEmail: 'coach0@bench.lantern.test',
      coachId: coachIds[0] as string,
      rows,
      busiestPeople: busiest,
      searchPhones: searchPhones.length ? searchPhones : [nationalFormat(personPhone(0))],
      searchNames: ['margaret', 'Jo', 'priya', 'sam', 'anne-marie', 'kwa', 'mohammed', 'ali', 'helen', 'zainab'],
      states,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    sqlite?.close();
  }
}
