import type { Db, DbTransaction, ScheduledJob } from '../db/client';
import { Prisma } from '../db/client';
import type { DatabaseConfig } from '../config/load-config';
import type { Clock } from '../lib/clock';
import { Limit } from '../lib/limit';
import type { Logger } from '../lib/logger';

/** What became of a job: finished (sent, or nothing to send any more), or to wait until later. */
export type JobOutcome = { done: true } | { notBefore: Date };

/**
 * Marks the job done, in the caller's transaction, if this worker still holds it. A handler that
 * sends a message passes it as the message's guard, so "sent" and "done" are one commit.
 */
export type CompleteJob = (tx: DbTransaction) => Promise<boolean>;

/**
 * Runs one due job. `batch` is every job claimed with it, so a handler can read what the whole
 * batch needs in one query rather than one per job.
 */
export type JobHandler = (job: ScheduledJob, complete: CompleteJob, batch: readonly ScheduledJob[]) => Promise<JobOutcome>;

export interface SchedulerOptions {
  db: Db;
  provider: DatabaseConfig['provider'];
  clock: Clock;
  logger: Logger;
  handlers: Record<string, JobHandler>;
  workerId: string;
  pollMs?: number;
  /** Jobs claimed per round. A round that claimed a full batch is followed at once by the next. */
  batchSize?: number;
  /** Jobs run at once (one person's jobs still run one after another, in due order). */
  concurrency?: number;
  claimMs?: number;
  maxAttempts?: number;
}

const DEFAULTS = { pollMs: 15_000, batchSize: 100, concurrency: 32, claimMs: 120_000, maxAttempts: 5 };

/**
 * Runs due jobs from the database. Jobs survive restarts (they are rows); several Lantern
 * instances can share one PostgreSQL, where a job is claimed under a row lock (FOR UPDATE SKIP
 * LOCKED), and everywhere a job is finished by a conditional update tied to the claim, so a job
 * is done by exactly one worker.
 */
export class Scheduler {
  private readonly options: Required<SchedulerOptions>;
  private readonly limit: Limit;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;
  /** Set by a round that claimed a full batch: more is due now. */
  private moreDue = false;

  constructor(options: SchedulerOptions) {
    this.options = { ...DEFAULTS, ...options };
    this.limit = new Limit(this.options.concurrency);
  }

  start(): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.tick(), this.options.pollMs);
    this.timer.unref();
    void this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.stopped = true;
    await this.running?.catch(() => 0);
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    // A full batch means more is due now: go on at once rather than wait for the poll (every
    // claimed job leaves the due set, by finishing, waiting or backing off, so this never spins).
    do {
      this.running = this.runOnce();
      try {
        await this.running;
      } catch (error) {
        this.options.logger.error({ err: error }, 'scheduler round failed');
        this.moreDue = false;
      } finally {
        this.running = null;
      }
    } while (this.moreDue && !this.stopped);
  }

  /** Claims one batch of what is due and runs it. Returns how many jobs were finished. */
  async runOnce(): Promise<number> {
    this.moreDue = false;
    const claimed = await this.claimDue();
    // One person's jobs in due order, one at a time; different people's side by side.
    const byPerson = new Map<string, ScheduledJob[]>();
    for (const job of claimed) {
      const key = job.personId ?? `job:${job.id}`;
      byPerson.set(key, [...(byPerson.get(key) ?? []), job]);
    }
    const finished = await Promise.all([...byPerson.values()].map((jobs) => this.limit.run(async () => {
      let done = 0;
      for (const job of jobs) if (await this.run(job, claimed)) done += 1;
      return done;
    })));
    this.moreDue = claimed.length >= this.options.batchSize;
    return finished.reduce((sum, n) => sum + n, 0);
  }

  /**
   * One statement claims a batch: the due jobs nobody holds, oldest first, each marked with this
   * worker, a claim that runs out and one more attempt. On PostgreSQL the rows are locked as they
   * are chosen (FOR UPDATE SKIP LOCKED), so instances never choose the same job; SQLite has one
   * writer at a time, so the statement is atomic there by itself.
   */
  private async claimDue(): Promise<ScheduledJob[]> {
    const { db, clock, batchSize, claimMs, workerId, provider } = this.options;
    const now = clock.now();
    const until = new Date(now.getTime() + claimMs);
    const unclaimed = Prisma.sql`"status" = 'PENDING' AND "dueAt" <= ${now} AND ("claimedUntil" IS NULL OR "claimedUntil" < ${now})`;
    const lock = provider === 'postgresql' ? Prisma.sql`FOR UPDATE SKIP LOCKED` : Prisma.empty;
    const rows = await db.$queryRaw<ScheduledJob[]>`
      UPDATE "ScheduledJob" SET "claimedUntil" = ${until}, "claimedBy" = ${workerId}, "attempts" = "attempts" + 1
      WHERE "id" IN (SELECT "id" FROM "ScheduledJob" WHERE ${unclaimed} ORDER BY "dueAt" LIMIT ${batchSize} ${lock}) AND ${unclaimed}
      RETURNING *`;
    return rows.map((row) => ({ ...row, attempts: Number(row.attempts) })).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  }

  private async run(job: ScheduledJob, batch: readonly ScheduledJob[]): Promise<boolean> {
    const { db, clock, logger, workerId, handlers, maxAttempts } = this.options;
    const mine = { id: job.id, status: 'PENDING' as const, claimedBy: workerId };
    const finish = { status: 'DONE' as const, finishedAt: clock.now(), dedupeKey: null, claimedUntil: null };
    // Whether the handler finished the job in its own commit, so it need not be finished again.
    let completed = false;
    const complete: CompleteJob = async (tx) => {
      completed = (await tx.scheduledJob.updateMany({ where: mine, data: finish })).count === 1;
      return completed;
    };
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for jobs of kind "${job.kind}"`);
      const outcome = await handler(job, complete, batch);
      if ('notBefore' in outcome) {
        await db.scheduledJob.updateMany({ where: mine, data: { dueAt: outcome.notBefore, claimedUntil: null, claimedBy: null, attempts: 0 } });
        return false;
      }
      // (Were that commit rolled back after all, the job would stay claimed and run again once the claim ran out.)
      if (!completed) await db.scheduledJob.updateMany({ where: mine, data: finish });
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
