import type { CheckInRhythm, Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { instantOfWallClock, minutesOf, type LocalDate } from '../../lib/calendar';
import { nextCheckInDue } from './check-in-rhythm';
import { cancelJobs, scheduleJob } from './scheduled-jobs';

export interface PauseSupport {
  personId: string;
  /** The day to get back in touch, in the person's time zone; null for a pause with no end date. */
  until: LocalDate | null;
  clock: Clock;
  /** When the day's unprompted texts may start ("09:00"): the resumption is due then. */
  quietHoursEnd: string;
}

/**
 * Pauses unprompted messages (check-in nudges) and, with a date, schedules one resumption
 * message for that day. The person can still write at any time and is answered. Used by the
 * bot ("pause till after Christmas") and by coaches from the inbox alike.
 */
export async function pauseSupport(db: Db, options: PauseSupport): Promise<{ pausedUntil: Date | null }> {
  const now = options.clock.now();
  return db.$transaction(async (tx) => {
    const person = await tx.person.findUniqueOrThrow({ where: { id: options.personId }, select: { timeZone: true } });
    const end = minutesOf(options.quietHoursEnd);
    const pausedUntil = options.until
      ? instantOfWallClock({ ...options.until, hour: Math.floor(end / 60), minute: end % 60 }, person.timeZone)
      : null;
    await tx.person.update({ where: { id: options.personId }, data: { pausedAt: now, pausedUntil } });
    await cancelJobs(tx, { personId: options.personId, kind: 'check-in', now });
    if (pausedUntil) await scheduleJob(tx, { kind: 'resume', personId: options.personId, dueAt: pausedUntil });
    else await cancelJobs(tx, { personId: options.personId, kind: 'resume', now });
    return { pausedUntil };
  });
}

/** Ends a pause early ("I'm back"): the resumption message is no longer needed; nudges start again. */
export async function resumeSupport(db: Db, options: { personId: string; clock: Clock }): Promise<{ wasPaused: boolean }> {
  const now = options.clock.now();
  return db.$transaction(async (tx) => {
    const person = await tx.person.findUniqueOrThrow({ where: { id: options.personId } });
    if (!person.pausedAt) return { wasPaused: false };
    await tx.person.update({ where: { id: person.id }, data: { pausedAt: null, pausedUntil: null } });
    await cancelJobs(tx, { personId: person.id, kind: 'resume', now });
    const due = nextCheckInDue(now, person.checkInRhythm, person.checkInDay, person.timeZone);
    if (due) await scheduleJob(tx, { kind: 'check-in', personId: person.id, dueAt: due });
    return { wasPaused: true };
  });
}

/** How often Lantern writes first. The next nudge is scheduled now; "only when I write" cancels it. */
export async function setCheckInRhythm(
  db: Db,
  options: { personId: string; rhythm: CheckInRhythm; day: number | null; clock: Clock },
): Promise<{ nextCheckIn: Date | null }> {
  const now = options.clock.now();
  return db.$transaction(async (tx) => {
    const person = await tx.person.update({ where: { id: options.personId }, data: { checkInRhythm: options.rhythm, checkInDay: options.day } });
    const due = nextCheckInDue(now, options.rhythm, options.day, person.timeZone);
    if (due) await scheduleJob(tx, { kind: 'check-in', personId: person.id, dueAt: due });
    else await cancelJobs(tx, { personId: person.id, kind: 'check-in', now });
    return { nextCheckIn: due };
  });
}

/**
 * Weekdays (0 Sunday … 6 Saturday) the person never wants an unprompted text. Pending jobs need
 * no rescheduling: each checks quiet days when it falls due and waits for the next allowed day.
 */
export async function setQuietDays(db: Db, options: { personId: string; days: readonly number[] }): Promise<void> {
  const days = [...new Set(options.days)].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort((a, b) => a - b);
  await db.person.update({ where: { id: options.personId }, data: { quietDays: days.join(',') } });
}
