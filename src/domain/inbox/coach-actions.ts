import type { Author, CheckInRhythm, Db, Message } from '../../db/client';
import type { LocalDate } from '../../lib/calendar';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { recordAuditEvent, type AuditActor } from '../audit/record-audit-event';
import { pauseSupport, resumeSupport, setCheckInRhythm, setQuietDays } from '../schedules/pause-support';
import { personRecord } from './person-record';

/** What coach actions need from outside the domain: how to write to a person, and the time. */
export interface InboxDependencies {
  db: Db;
  clock: Clock;
  /** Writes to the person on the channel they used last, through the bot adapter and the outbox. */
  sendToPerson(send: { personId: string; text: string; sender: { author: Author; staffId?: string } }): Promise<Message[]>;
  /** Says a date in words for the person ("Monday 7 December"). */
  describeDate(date: LocalDate, timeZone: string): string;
  /** Tells the bot the coach accepted the conversation or handed it back; the bot decides what the person hears. */
  reportHandoffStatus(personId: string, state: 'accepted' | 'completed'): Promise<unknown>;
  texts: { pausedByCoach(date: string | null): string; rhythmSet(rhythm: CheckInRhythm, day: number | null, quietDays: readonly number[] | null): string };
  quietHoursEnd: string;
  /** Tells live inbox views that a person's state changed. */
  changed?(personId: string): void;
}

/** Who is acting, within which organisation. Everything below is scoped to it. */
export interface Acting {
  organisationId: string;
  actor: AuditActor;
  staffId: string | null;
}

async function personIn(deps: InboxDependencies, acting: Acting, personId: string) {
  const person = await deps.db.person.findFirst({ where: { id: personId, organisationId: acting.organisationId }, include: { conversation: true } });
  if (!person?.conversation) throw new AppError('not-found', 'No such person');
  return { ...person, conversation: person.conversation };
}

/** Every change a coach makes is audited and announced to live inbox views. */
async function audit(deps: InboxDependencies, acting: Acting, action: string, personId: string, detail: Record<string, string | number | boolean | null> = {}) {
  await recordAuditEvent(deps.db, { organisationId: acting.organisationId, actor: acting.actor, action, personId, detail });
  deps.changed?.(personId);
}

/** Takes the conversation (for oneself, or assigns it to a colleague): the bot stays quiet while a coach holds it. */
export async function claim(deps: InboxDependencies, acting: Acting, options: { personId: string; assignTo?: string }): Promise<void> {
  const person = await personIn(deps, acting, options.personId);
  const coachId = options.assignTo ?? acting.staffId;
  if (!coachId) throw new AppError('bad-request', 'Say which coach should take this conversation (assignTo).');
  const coach = await deps.db.staff.findFirst({ where: { id: coachId, organisationId: acting.organisationId, role: { in: ['COACH', 'ADMIN'] }, disabledAt: null } });
  if (!coach) throw new AppError('bad-request', 'That coach is not in your organisation.');
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    await tx.conversation.update({ where: { id: person.conversation.id }, data: { handoffState: 'WITH_COACH', assignedCoachId: coach.id } });
    const open = await tx.handoff.findFirst({ where: { conversationId: person.conversation.id, endedAt: null }, orderBy: { requestedAt: 'desc' } });
    if (open) {
      await tx.handoff.update({ where: { id: open.id }, data: { claimedAt: open.claimedAt ?? now, claimedById: coach.id } });
    } else {
      // A coach reaching out to someone who had not asked: still an episode, so waits are measured.
      await tx.handoff.create({ data: { conversationId: person.conversation.id, personId: person.id, reason: 'a coach reached out', requestedAt: now, claimedAt: now, claimedById: coach.id } });
    }
  });
  await audit(deps, acting, options.assignTo && options.assignTo !== acting.staffId ? 'conversation.assigned' : 'conversation.claimed', person.id, { coachId: coach.id });
  if (person.conversation.handoffState !== 'WITH_COACH') await deps.reportHandoffStatus(person.id, 'accepted');
}

/** A coach's reply, delivered on the person's channel through the outbox. Replying to someone waiting claims them. */
export async function reply(deps: InboxDependencies, acting: Acting, options: { personId: string; text: string }): Promise<Message[]> {
  const person = await personIn(deps, acting, options.personId);
  // Refused before claiming: a reply that cannot go must not take the person out of Waiting.
  if (person.optedOutAt) throw new AppError('conflict', 'This person has asked Lantern not to message them.');
  if (person.conversation.handoffState !== 'WITH_COACH' && acting.staffId) await claim(deps, acting, { personId: person.id });
  const sent = await deps.sendToPerson({ personId: person.id, text: options.text, sender: { author: 'COACH', ...(acting.staffId ? { staffId: acting.staffId } : {}) } });
  const now = deps.clock.now();
  await deps.db.$transaction([
    deps.db.conversation.update({ where: { id: person.conversation.id }, data: { awaitingReplySince: null } }),
    deps.db.handoff.updateMany({ where: { conversationId: person.conversation.id, endedAt: null, firstReplyAt: null }, data: { firstReplyAt: now } }),
  ]);
  await audit(deps, acting, 'conversation.replied', person.id, { messages: sent.length });
  return sent;
}

/** A private note: coaches only, never sent. */
export async function addNote(deps: InboxDependencies, acting: Acting, options: { personId: string; body: string }) {
  const person = await personIn(deps, acting, options.personId);
  const note = await deps.db.coachNote.create({ data: { personId: person.id, authorId: acting.staffId, body: options.body, createdAt: deps.clock.now() } });
  await audit(deps, acting, 'note.added', person.id, { noteId: note.id });
  return note;
}

/** Pauses on the person's behalf (agreed with them), with or without a date; the person is told. */
export async function pauseFor(deps: InboxDependencies, acting: Acting, options: { personId: string; until: LocalDate | null }) {
  const person = await personIn(deps, acting, options.personId);
  const { pausedUntil } = await pauseSupport(deps.db, { personId: person.id, until: options.until, clock: deps.clock, quietHoursEnd: deps.quietHoursEnd });
  await audit(deps, acting, 'support.paused', person.id, { until: pausedUntil?.toISOString() ?? null });
  if (!person.optedOutAt) {
    const words = options.until ? deps.describeDate(options.until, person.timeZone) : null;
    await deps.sendToPerson({ personId: person.id, text: deps.texts.pausedByCoach(words), sender: { author: 'BOT' } });
  }
  return { pausedUntil };
}

export async function resumeFor(deps: InboxDependencies, acting: Acting, options: { personId: string }) {
  const person = await personIn(deps, acting, options.personId);
  const { wasPaused } = await resumeSupport(deps.db, { personId: person.id, clock: deps.clock });
  if (wasPaused) await audit(deps, acting, 'support.resumed', person.id);
  return { wasPaused };
}

/** How often Lantern checks in, and the days it never writes first, as agreed with the person; they are told. */
export async function setRhythmFor(deps: InboxDependencies, acting: Acting, options: { personId: string; rhythm: CheckInRhythm; day: number | null; quietDays: readonly number[] }) {
  const person = await personIn(deps, acting, options.personId);
  const day = options.rhythm === 'ONLY_WHEN_I_WRITE' ? null : options.day;
  const { nextCheckIn } = await setCheckInRhythm(deps.db, { personId: person.id, rhythm: options.rhythm, day, clock: deps.clock });
  await setQuietDays(deps.db, { personId: person.id, days: options.quietDays });
  await audit(deps, acting, 'support.rhythm-changed', person.id, { rhythm: options.rhythm, day, quietDays: options.quietDays.join(',') });
  if (!person.optedOutAt) await deps.sendToPerson({ personId: person.id, text: deps.texts.rhythmSet(options.rhythm, day, options.quietDays), sender: { author: 'BOT' } });
  return { nextCheckIn };
}

/** Hands the conversation back to the bot; the person is told they can ask again any time. */
export async function handBack(deps: InboxDependencies, acting: Acting, options: { personId: string }) {
  const person = await personIn(deps, acting, options.personId);
  if (person.conversation.handoffState === 'BOT') return;
  const now = deps.clock.now();
  await deps.db.$transaction([
    deps.db.conversation.update({
      where: { id: person.conversation.id },
      data: { handoffState: 'BOT', assignedCoachId: null, waitingSince: null, awaitingReplySince: null },
    }),
    deps.db.handoff.updateMany({ where: { conversationId: person.conversation.id, endedAt: null }, data: { endedAt: now } }),
  ]);
  await audit(deps, acting, 'conversation.handed-back', person.id);
  await deps.reportHandoffStatus(person.id, 'completed');
}

/** Closes an urgent flag with a note of what was done; the person leaves the top of the queue once none is open. */
export async function resolveFlag(deps: InboxDependencies, acting: Acting, options: { personId: string; flagId: string; note: string }) {
  const person = await personIn(deps, acting, options.personId);
  const now = deps.clock.now();
  await deps.db.$transaction(async (tx) => {
    const { count } = await tx.urgentFlag.updateMany({
      where: { id: options.flagId, personId: person.id, resolvedAt: null },
      data: { resolvedAt: now, resolvedById: acting.staffId, resolutionNote: options.note },
    });
    if (count === 0) throw new AppError('not-found', 'No open flag with that id for this person');
    if ((await tx.urgentFlag.count({ where: { personId: person.id, resolvedAt: null } })) === 0) {
      await tx.conversation.update({ where: { id: person.conversation.id }, data: { urgentSince: null } });
    }
  });
  await audit(deps, acting, 'flag.resolved', person.id, { flagId: options.flagId });
}

/** A copy of everything held about a person (for a request for their data); the export is audited. */
export async function exportRecord(deps: Pick<InboxDependencies, 'db' | 'clock'>, acting: Acting, personId: string) {
  const record = await personRecord(deps.db, { organisationId: acting.organisationId, personId, wholeTimeline: true });
  await recordAuditEvent(deps.db, { organisationId: acting.organisationId, actor: acting.actor, action: 'person.exported', personId, detail: { messages: record.messages.length } });
  return { exportedAt: deps.clock.now(), ...record };
}

/** Opening a person's record is itself recorded. */
export async function recordViewed(deps: Pick<InboxDependencies, 'db'>, acting: Acting, personId: string): Promise<void> {
  await recordAuditEvent(deps.db, { organisationId: acting.organisationId, actor: acting.actor, action: 'person.viewed', personId });
}
