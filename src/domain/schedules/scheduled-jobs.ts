import type { DbOrTransaction, ScheduledJob } from '../../db/client';

export type JobKind = 'resume' | 'check-in' | 'connection-follow-up';

export interface ScheduleJob {
  kind: JobKind;
  personId: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
}

/** One pending job of a kind per person: scheduling again moves it rather than adding another. */
export const dedupeKeyFor = (kind: JobKind, personId: string) => `${kind}:${personId}`;

/**
 * Schedules (or reschedules) a person's job. The dedupe key is unique, so a person never has two
 * pending resumptions or two pending nudges, however often they change their mind.
 */
export async function scheduleJob(db: DbOrTransaction, job: ScheduleJob): Promise<ScheduledJob> {
  const dedupeKey = dedupeKeyFor(job.kind, job.personId);
  const payload = JSON.stringify(job.payload ?? {});
  return db.scheduledJob.upsert({
    where: { dedupeKey },
    create: { kind: job.kind, personId: job.personId, dueAt: job.dueAt, payload, dedupeKey },
    update: { dueAt: job.dueAt, payload, status: 'PENDING', attempts: 0, claimedUntil: null, claimedBy: null, lastError: null, finishedAt: null },
  });
}

/** Cancels a person's pending jobs of a kind (all kinds if none given). */
export async function cancelJobs(db: DbOrTransaction, options: { personId: string; kind?: JobKind; now: Date }): Promise<number> {
  const { count } = await db.scheduledJob.updateMany({
    where: { personId: options.personId, status: 'PENDING', ...(options.kind ? { kind: options.kind } : {}) },
    // The key is released so the next job of this kind can be scheduled.
    data: { status: 'CANCELLED', finishedAt: options.now, dedupeKey: null },
  });
  return count;
}
