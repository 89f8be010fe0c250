import type { Db, DbTransaction, ScheduledJob } from '../db/client';
import type { DatabaseConfig } from '../config/load-config';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';

/** What became of a job: finished (sent, or nothing to send any more), or to wait until later. */
export type JobOutcome = { done: true } | { notBefore: Date };

/**
 * Marks the job done, in the caller's transaction, if this worker still holds it. A handler that
 * sends a message passes it as the message's guard, so "sent" and "done" are one commit.
 */
export type CompleteJob = (tx: DbTransaction) => Promise<boolean>;

export type JobHandler = (job: ScheduledJob, complete: CompleteJob) => Promise<JobOutcome>;

export interface SchedulerOptions {
  db: Db;
  provider: DatabaseConfig['provider'];
  clock: Clock;
  logger: Logger;
  handlers: Record<string, JobHandler>;
  workerId: string;
  pollMs?: number;
  batchSize?: number;
  claimMs?: number;
  maxAttempts?: number;
}

const DEFAULTS = { pollMs: 15_000, batchSize: 50, claimMs: 120_000, maxAttempts: 5 };

/**
 * Runs due jobs from the database. Jobs survive restarts (they are rows); several Lantern
 * instances can share one PostgreSQL, where a job is claimed under a row lock (FOR UPDATE SKIP
 * LOCKED), and everywhere a job is finished by a conditional update tied to the claim, so a job
 * is done by exactly one worker.
 */
export class Scheduler {
  private readonly options: Required<SchedulerOptions>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(options: SchedulerOptions) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.pollMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => 0);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.runOnce();
    try {
      await this.running;
    } catch (error) {
      this.options.logger.error({ err: error }, 'scheduler round failed');
    } finally {
      this.running = null;
    }
  }

  /** Claims what is due and runs it. Returns how many jobs were finished. */
  async runOnce(): Promise<number> {
    const claimed = await this.claimDue();
    let finished = 0;
    for (const job of claimed) if (await this.run(job)) finished += 1;
    return finished;
  }

  private async claimDue(): Promise<ScheduledJob[]> {
    const { db, clock, batchSize, claimMs, workerId, provider } = this.options;
    const now = clock.now();
    const claim = { claimedUntil: new Date(now.getTime() + claimMs), claimedBy: workerId, attempts: { increment: 1 } };
    if (provider === 'postgresql') {
      return db.$transaction(async (tx) => {
        const rows = await tx.$queryRaw<Array<{ id: string }>>`
          SELECT "id" FROM "ScheduledJob"
          WHERE "status" = 'PENDING' AND "dueAt" <= ${now} AND ("claimedUntil" IS NULL OR "claimedUntil" < ${now})
          ORDER BY "dueAt" LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED`;
        if (rows.length === 0) return [];
        const ids = rows.map((row) => row.id);
        await tx.scheduledJob.updateMany({ where: { id: { in: ids } }, data: claim });
        return tx.scheduledJob.findMany({ where: { id: { in: ids } }, orderBy: { dueAt: 'asc' } });
      });
    }
    // SQLite has one writer at a time; a conditional update per job is the claim.
    const due = await db.scheduledJob.findMany({
      where: { status: 'PENDING', dueAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      orderBy: { dueAt: 'asc' },
      take: batchSize,
    });
    const claimed: ScheduledJob[] = [];
    for (const job of due) {
      const { count } = await db.scheduledJob.updateMany({
        where: { id: job.id, status: 'PENDING', OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
        data: claim,
      });
      if (count === 1) claimed.push({ ...job, attempts: job.attempts + 1, claimedBy: workerId });
    }
    return claimed;
  }

  private async run(job: ScheduledJob): Promise<boolean> {
    const { db, clock, logger, workerId, handlers, maxAttempts } = this.options;
    const mine = { id: job.id, status: 'PENDING' as const, claimedBy: workerId };
    const finish = { status: 'DONE' as const, finishedAt: clock.now(), dedupeKey: null, claimedUntil: null };
    const complete: CompleteJob = async (tx) => (await tx.scheduledJob.updateMany({ where: mine, data: finish })).count === 1;
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}"`);
      const outcome = await handler(job, complete);
      if ('notBefore' in outcome) {
        await db.scheduledJob.updateMany({ where: mine, data: { dueAt: outcome.notBefore, claimedUntil: null, claimedBy: null, attempts: 0 } });
        return false;
      }
      await db.scheduledJob.updateMany({ where: mine, data: finish });
      return true;
    } catch (error) {
      const gaveUp = job.attempts >= maxAttempts;
      logger.error({ err: error, jobId: job.id, kind: job.kind, attempts: job.attempts }, gaveUp ? 'scheduled job failed for good' : 'scheduled job failed; will retry');
      const retryAt = new Date(clock.now().getTime() + 60_000 * 2 ** Math.min(job.attempts, 6));
      await db.scheduledJob.updateMany({
        where: mine,
        data: gaveUp
          ? { status: 'FAILED', finishedAt: clock.now(), dedupeKey: null, claimedUntil: null, lastError: String(error).slice(0, 500) }
          : { dueAt: retryAt, claimedUntil: null, claimedBy: null, lastError: String(error).slice(0, 500) },
      });
      return false;
    }
  }
}
