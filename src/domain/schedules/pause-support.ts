import type { CheckInRhythm, Db } from '../../db/client';
import type { Clock } from '../../lib/clock';

/** Pauses unprompted messages, until a date or with none. The person can still write and is answered. */
export async function pauseSupport(db: Db, options: { personId: string; until: Date | null; clock: Clock }): Promise<void> {
  const now = options.clock.now();
  await db.$transaction([
    db.person.update({ where: { id: options.personId }, data: { pausedAt: now, pausedUntil: options.until } }),
    // Nudges due during the pause are dropped; what the person asked for (e.g. a resumption) is kept.
    db.scheduledJob.updateMany({
      where: { personId: options.personId, status: 'PENDING', kind: 'check-in' },
      data: { status: 'CANCELLED', finishedAt: now },
    }),
  ]);
}

export async function resumeSupport(db: Db, options: { personId: string; clock: Clock }): Promise<{ wasPaused: boolean }> {
  const person = await db.person.findUniqueOrThrow({ where: { id: options.personId } });
  if (!person.pausedAt) return { wasPaused: false };
  await db.$transaction([
    db.person.update({ where: { id: person.id }, data: { pausedAt: null, pausedUntil: null } }),
    db.scheduledJob.updateMany({
      where: { personId: person.id, status: 'PENDING', kind: 'resume' },
      data: { status: 'CANCELLED', finishedAt: options.clock.now() },
    }),
  ]);
  return { wasPaused: true };
}

export async function setCheckInRhythm(db: Db, options: { personId: string; rhythm: CheckInRhythm; day: number | null }): Promise<void> {
  await db.person.update({ where: { id: options.personId }, data: { checkInRhythm: options.rhythm, checkInDay: options.day } });
}
