// Seeds bench:scheduler's people: each texted Lantern, asked for a pause two weeks ago and got the
// bot's confirmation, and now has a due "resume" job. The rows are the ones the domain writes for
// that (the SMS channel's address and conversation reference, the conversation and its two
// messages, pauseSupport's pausedAt/pausedUntil and its scheduleJob row with the same dedupe
// key), written in bulk with Prisma's createMany rather than 10,000 bot turns.
import { randomUUID } from 'node:crypto';
import { messages } from '../../dialogs/messages';
import { toDatabaseConfig } from '../../src/config/load-config';
import type { CheckInRhythm } from '../../src/db/client';
import { applyMigrations } from '../../src/db/migrations';
import { openDatabase } from '../../src/db/open-database';
import { smsReference } from '../../src/channels/twilio-sms/sms-reference';
import { dedupeKeyFor } from '../../src/domain/schedules/scheduled-jobs';
import { instantOfWallClock, localDateOf } from '../../src/lib/calendar';
import { benchPhones, LANTERN_NUMBER } from './twilio-webhooks';

export interface SeededPerson {
  personId: string;
  phone: string;
  preferredName: string | null;
  rhythm: CheckInRhythm;
}

export interface SchedulerSeed {
  people: SeededPerson[];
  /** The conversation's messages before the resumption: the pause and the bot's answer. */
  messagesEach: number;
  /** People whose rhythm makes the resumption schedule their next check-in nudge. */
  withRhythm: number;
  dueAt: Date;
  migrateSeconds: number;
  seedSeconds: number;
}

const TIME_ZONE = 'Europe/London';
const DAY = 86_400_000;
const CHUNK = 1_000;
const NAMES = ['Margaret', 'Jo', 'Sam', 'Priya', 'Tom', 'Aisha', 'Pat', 'Mohammed', 'Linda', 'Dave', 'Grace', 'Kwame', "Siobhan", 'Anne-Marie', 'Wei', 'Oluwaseun'];

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * Migrates the fresh database with Lantern's own runner and seeds `count` paused people whose
 * resumption is due: the pause ended at the start of today (the day they chose, at the end of
 * quiet hours, which the bench sets to none), so every job is due when the server starts.
 */
export async function seedPausedPeople(url: string, count: number): Promise<SchedulerSeed> {
  const config = toDatabaseConfig(url);
  let t = Date.now();
  await applyMigrations(config);
  const migrateSeconds = (Date.now() - t) / 1000;
  t = Date.now();

  const now = new Date();
  const pausedAt = new Date(now.getTime() - 14 * DAY);
  // pauseSupport: the chosen day at the end of quiet hours, in the person's time zone.
  const dueAt = instantOfWallClock({ ...localDateOf(now, TIME_ZONE), hour: 0, minute: 0 }, TIME_ZONE);
  const organisationId = randomUUID();
  const people: SeededPerson[] = benchPhones(count).map((phone, i) => ({
    personId: randomUUID(),
    phone,
    preferredName: i % 10 === 9 ? null : (NAMES[i % NAMES.length] as string),
    // One in four asked for a weekly check-in: their resumption also schedules the next nudge.
    rhythm: i % 4 === 0 ? 'WEEKLY' : 'ONLY_WHEN_I_WRITE',
  }));

  const { db, close } = openDatabase(config);
  try {
    await db.organisation.create({ data: { id: organisationId, name: 'Bench PCN', createdAt: new Date(now.getTime() - 400 * DAY) } });
    const conversationIds = new Map(people.map((p) => [p.personId, randomUUID()]));
    for (const part of chunks(people)) {
      await db.person.createMany({
        data: part.map((p, i) => ({
          id: p.personId,
          organisationId,
          preferredName: p.preferredName,
          phone: p.phone,
          timeZone: TIME_ZONE,
          welcomedAt: new Date(pausedAt.getTime() - 30 * DAY),
          pausedAt,
          pausedUntil: dueAt,
          checkInRhythm: p.rhythm,
          checkInDay: p.rhythm === 'WEEKLY' ? i % 7 : null,
          lastChannel: 'SMS' as const,
          createdAt: new Date(pausedAt.getTime() - 30 * DAY),
        })),
      });
      await db.channelAddress.createMany({
        data: part.map((p) => ({
          personId: p.personId,
          channel: 'SMS' as const,
          address: p.phone,
          reference: JSON.stringify(smsReference(p.phone, LANTERN_NUMBER)),
          lastSeenAt: pausedAt,
          createdAt: new Date(pausedAt.getTime() - 30 * DAY),
        })),
      });
      await db.conversation.createMany({
        data: part.map((p) => ({
          id: conversationIds.get(p.personId) as string,
          organisationId,
          personId: p.personId,
          handoffState: 'BOT' as const,
          lastMessageAt: new Date(pausedAt.getTime() + 2_000),
          messageCount: 2,
          createdAt: new Date(pausedAt.getTime() - 30 * DAY),
        })),
      });
      await db.message.createMany({
        data: part.flatMap((p, i) => {
          const conversationId = conversationIds.get(p.personId) as string;
          const base = { conversationId, personId: p.personId, channel: 'SMS' as const };
          return [
            { ...base, direction: 'INBOUND' as const, author: 'PERSON' as const, body: 'pause for 2 weeks', seq: 1, status: 'HANDLED' as const,
              providerMessageId: `SM${'a'.repeat(16)}${i.toString(16).padStart(8, '0')}${p.personId.slice(0, 8)}`, createdAt: pausedAt },
            { ...base, direction: 'OUTBOUND' as const, author: 'BOT' as const, body: messages.pausedUntil('today'), seq: 2, status: 'DELIVERED' as const,
              providerMessageId: `SM${'b'.repeat(16)}${i.toString(16).padStart(8, '0')}${p.personId.slice(0, 8)}`, createdAt: new Date(pausedAt.getTime() + 2_000) },
          ];
        }),
      });
      await db.scheduledJob.createMany({
        data: part.map((p) => ({ kind: 'resume', personId: p.personId, dueAt, payload: '{}', dedupeKey: dedupeKeyFor('resume', p.personId), createdAt: pausedAt })),
      });
    }
    const jobs = await db.scheduledJob.count({ where: { kind: 'resume', status: 'PENDING', dueAt: { lte: new Date() } } });
    if (jobs !== count) throw new Error(`seeded ${jobs} due resume jobs, expected ${count}`);
  } finally {
    await close();
  }
  return {
    people,
    messagesEach: 2,
    withRhythm: people.filter((p) => p.rhythm !== 'ONLY_WHEN_I_WRITE').length,
    dueAt,
    migrateSeconds,
    seedSeconds: (Date.now() - t) / 1000,
  };
}
