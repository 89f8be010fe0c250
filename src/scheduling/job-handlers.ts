import { messages } from '../../dialogs/messages';
import type { Db, DbTransaction, ScheduledJob } from '../db/client';
import { connectionToAskAbout, scheduleFollowUp } from '../domain/assets/follow-up';
import { nextCheckInDue } from '../domain/schedules/check-in-rhythm';
import { nextAllowedTime, parseQuietDays } from '../domain/schedules/quiet-hours';
import { scheduleJob } from '../domain/schedules/scheduled-jobs';
import type { SendToPerson } from '../bot/send-to-person';
import type { Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import { silentLogger, type Logger } from '../lib/logger';
import type { MessageEvents } from '../messaging/message-events';
import { ScheduledTexts, type Reachable } from './scheduled-texts';
import type { CompleteJob, JobHandler, JobOutcome } from './scheduler';

export interface JobHandlerDependencies {
  db: Db;
  clock: Clock;
  quietHours: { start: string; end: string };
  sendToPerson(send: SendToPerson): Promise<unknown>;
  /**
   * With these, the texts jobs send are written many to a commit (ScheduledTexts) and these are
   * told of them; without, each goes through sendToPerson in a commit of its own.
   */
  events?: MessageEvents;
  logger?: Logger;
}

// A weekly nudge found days late (Lantern was down) is dropped, not sent in a stale burst.
const STALE_NUDGE_MS = 12 * 3_600_000;
// Someone who wrote lately does not need a "just checking in".
const RECENTLY_IN_TOUCH_MS = 2 * 86_400_000;

const PERSON_INCLUDE = { conversation: true, addresses: { orderBy: { lastSeenAt: 'desc' as const } } };

/** What each kind of scheduled job does when it falls due. */
export function jobHandlers(deps: JobHandlerDependencies): Record<string, JobHandler> {
  // Everyone a claimed batch is about, read in one query when its first job runs. Each person's
  // first job in the batch uses it; a later one of theirs (after the first may have changed them)
  // reads them again. A change made since by someone else (an early "I'm back", STOP, erasure) is
  // still caught: the job's completion and the person's reference are checked in the commit that sends.
  const batches = new WeakMap<readonly ScheduledJob[], { people: Promise<Map<string, Reachable>>; served: Set<string> }>();
  const personFor = async (job: ScheduledJob, batch: readonly ScheduledJob[]): Promise<Reachable | null> => {
    const personId = job.personId;
    if (!personId) return null;
    let read = batches.get(batch);
    if (!read) {
      const ids = [...new Set([personId, ...batch.map((j) => j.personId).filter((id): id is string => id !== null)])];
      read = {
        people: deps.db.person.findMany({ where: { id: { in: ids } }, include: PERSON_INCLUDE }).then((rows) => new Map(rows.map((row) => [row.id, row]))),
        served: new Set(),
      };
      batches.set(batch, read);
    }
    if (read.served.has(personId)) return deps.db.person.findUnique({ where: { id: personId }, include: PERSON_INCLUDE });
    read.served.add(personId);
    return (await read.people).get(personId) ?? null;
  };

  const texts = deps.events ? new ScheduledTexts({ db: deps.db, clock: deps.clock, logger: deps.logger ?? silentLogger, events: deps.events, parallelCommits: 2 }) : null;

  /** Sends `text` and finishes the job in one commit; a person who cannot be reached any more just finishes it. */
  async function sendAndComplete(job: ScheduledJob, person: Reachable, text: string, complete: CompleteJob, alsoInCommit: (tx: DbTransaction) => Promise<void>): Promise<JobOutcome> {
    const guard = async (tx: DbTransaction) => {
      if (!(await complete(tx))) return false;
      await alsoInCommit(tx);
      return true;
    };
    if (texts) {
      await texts.send(person, text, guard);
      return { done: true };
    }
    try {
      await deps.sendToPerson({ personId: job.personId as string, text, sender: { author: 'BOT' }, guard });
    } catch (error) {
      // Opted out or erased since it was scheduled: nothing to send.
      if (!(error instanceof AppError)) throw error;
    }
    return { done: true };
  }

  const resume: JobHandler = async (job, complete, batch) => {
    const person = await personFor(job, batch);
    // Resumed early, opted out, or erased: the message is no longer wanted.
    if (!person || person.optedOutAt || !person.pausedAt) return { done: true };
    const now = deps.clock.now();
    const allowed = nextAllowedTime(now, { timeZone: person.timeZone, quietHours: deps.quietHours, quietDays: parseQuietDays(person.quietDays) });
    if (allowed > now) return { notBefore: allowed };
    return sendAndComplete(job, person, messages.resumption(person.preferredName), complete, async (tx) => {
      await tx.person.update({ where: { id: person.id }, data: { pausedAt: null, pausedUntil: null } });
      const due = nextCheckInDue(now, person.checkInRhythm, person.checkInDay, person.timeZone);
      if (due) await scheduleJob(tx, { kind: 'check-in', personId: person.id, dueAt: due });
    });
  };

  const checkIn: JobHandler = async (job, complete, batch) => {
    const person = await personFor(job, batch);
    if (!person || person.optedOutAt || person.pausedAt || person.checkInRhythm === 'ONLY_WHEN_I_WRITE') return { done: true };
    const now = deps.clock.now();
    const scheduleNext = async (tx: DbTransaction) => {
      const due = nextCheckInDue(now, person.checkInRhythm, person.checkInDay, person.timeZone);
      if (due) await scheduleJob(tx, { kind: 'check-in', personId: person.id, dueAt: due });
    };
    const lastContact = person.conversation?.lastMessageAt?.getTime() ?? 0;
    const skip = now.getTime() - job.dueAt.getTime() > STALE_NUDGE_MS
      || now.getTime() - lastContact < RECENTLY_IN_TOUCH_MS
      || person.conversation?.handoffState !== 'BOT';
    if (skip) {
      await deps.db.$transaction(async (tx) => {
        if (await complete(tx)) await scheduleNext(tx);
      });
      return { done: true };
    }
    const allowed = nextAllowedTime(now, { timeZone: person.timeZone, quietHours: deps.quietHours, quietDays: parseQuietDays(person.quietDays) });
    if (allowed > now) return { notBefore: allowed };
    return sendAndComplete(job, person, messages.checkInNudge(person.preferredName), complete, scheduleNext);
  };

  /** "How did you get on with …?", once per connection, a week or so on; never while paused or with a coach. */
  const connectionFollowUp: JobHandler = async (job, complete, batch) => {
    const person = await personFor(job, batch);
    if (!person || person.optedOutAt) return { done: true };
    const now = deps.clock.now();
    if (person.pausedAt) return { notBefore: person.pausedUntil && person.pausedUntil > now ? person.pausedUntil : new Date(now.getTime() + 7 * 86_400_000) };
    // A coach holding the conversation asks for themselves.
    if (person.conversation?.handoffState !== 'BOT') return { notBefore: new Date(now.getTime() + 2 * 86_400_000) };
    const connection = await connectionToAskAbout(deps.db, person.id, now);
    if (!connection) {
      await deps.db.$transaction(async (tx) => {
        if (await complete(tx)) await scheduleFollowUp(tx, person.id);
      });
      return { done: true };
    }
    const allowed = nextAllowedTime(now, { timeZone: person.timeZone, quietHours: deps.quietHours, quietDays: parseQuietDays(person.quietDays) });
    if (allowed > now) return { notBefore: allowed };
    return sendAndComplete(job, person, messages.connectionFollowUp(person.preferredName, connection.asset.name), complete, async (tx) => {
      await tx.connection.update({ where: { id: connection.id }, data: { followUpAskedAt: now } });
      await scheduleFollowUp(tx, person.id);
    });
  };

  return { resume, 'check-in': checkIn, 'connection-follow-up': connectionFollowUp };
}
