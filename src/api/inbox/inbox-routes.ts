import restify, { type Request, type Server } from 'restify';
import type { Db } from '../../db/client';
import { addNote, claim, exportRecord, handBack, pauseFor, recordViewed, reply, resolveFlag, resumeFor, setRhythmFor, type Acting, type InboxDependencies } from '../../domain/inbox/coach-actions';
import { personRecord } from '../../domain/inbox/person-record';
import { firstReplyWaits } from '../../domain/inbox/first-reply-waits';
import { listQueue } from '../../domain/inbox/queues';
import { AppError } from '../../lib/errors';
import { normalisePhone } from '../../lib/phone';
import { authenticated, type AuthDependencies } from '../auth';
import type { Principal } from '../auth/principal';
import { claimBody, id, noteBody, pauseBody, personParams, phoneQuery, queueName, queueQuery, replyBody, resolveBody, rhythmBody, waitsQuery } from './inbox-schemas';

function acting(principal: Principal): Acting {
  return principal.kind === 'staff'
    ? { organisationId: principal.organisationId, staffId: principal.staffId, actor: { type: 'staff', staffId: principal.staffId } }
    : { organisationId: principal.organisationId, staffId: null, actor: { type: 'api-token', tokenId: principal.tokenId } };
}

function localDate(text: string | null) {
  if (!text) return null;
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1) throw new AppError('bad-request', `until: ${text} is not a date`);
  return { year, month, day };
}

// restify's types omit maxBodySize, which jsonBodyParser does honour.
const JSON_BODY: restify.plugins.JsonBodyParserOptions & { maxBodySize: number } = { mapParams: false, maxBodySize: 64 * 1024 };
const json = () => restify.plugins.jsonBodyParser(JSON_BODY);
const body = (req: Request) => (req.body ?? {}) as unknown;

/** The coach inbox's JSON API: queues, a person's record, and what coaches do. Every route is scoped to the caller's organisation. */
export function mountInboxRoutes(server: Server, deps: { auth: AuthDependencies; inbox: InboxDependencies; db: Db }): void {
  const { auth, inbox, db } = deps;
  const guard = (handler: Parameters<typeof authenticated>[2]) => authenticated(auth, {}, handler);

  server.get('/api/inbox/queues/:queue', guard(async (req, res, principal) => {
    const queue = queueName.parse(req.params.queue);
    const query = queueQuery.parse(req.query ?? {});
    const rows = await listQueue(db, { organisationId: principal.organisationId, queue, staffId: principal.kind === 'staff' ? principal.staffId : null, ...query });
    res.send(200, { queue, people: rows });
  }));

  server.get('/api/inbox/first-reply-waits', guard(async (req, res, principal) => {
    const { days } = waitsQuery.parse(req.query ?? {});
    res.send(200, await firstReplyWaits(db, { organisationId: principal.organisationId, clock: inbox.clock, days }));
  }));

  server.get('/api/people', guard(async (req, res, principal) => {
    const { phone } = phoneQuery.parse(req.query ?? {});
    const normalised = normalisePhone(phone);
    if (!normalised) throw new AppError('bad-request', `phone: "${phone}" is not a phone number`);
    const person = await db.person.findFirst({ where: { organisationId: principal.organisationId, phone: normalised }, select: { id: true } });
    if (!person) throw new AppError('not-found', 'Nobody with that number');
    await recordViewed(inbox, acting(principal), person.id);
    res.send(200, await personRecord(db, { organisationId: principal.organisationId, personId: person.id }));
  }));

  server.get('/api/people/:personId', guard(async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    const record = await personRecord(db, { organisationId: principal.organisationId, personId });
    await recordViewed(inbox, acting(principal), personId);
    res.send(200, record);
  }));

  server.get('/api/people/:personId/export', guard(async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    const exported = await exportRecord(inbox, acting(principal), personId);
    res.setHeader('Content-Disposition', `attachment; filename="lantern-person-${personId}.json"`);
    res.send(200, exported);
  }));

  server.post('/api/people/:personId/claim', json(), guard(async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    const { assignTo } = claimBody.parse(body(req));
    await claim(inbox, acting(principal), { personId, ...(assignTo ? { assignTo } : {}) });
    res.send(200, { ok: true });
  }));

  server.post('/api/people/:personId/replies', json(), guard(async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    const { text } = replyBody.parse(body(req));
    const sent = await reply(inbox, acting(principal), { personId, text });
    res.send(201, { messages: sent.map((m) => ({ id: m.id, seq: m.seq, status: m.status, channel: m.channel })) });
  }));

  server.post('/api/people/:personId/notes', json(), guard(async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    const note = await addNote(inbox, acting(principal), { personId, body: noteBody.parse(body(req)).body });
    res.send(201, { id: note.id, at: note.createdAt });
  }));

  server.post('/api/people/:personId/pause', json(), guard(async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    const { until } = pauseBody.parse(body(req));
    const { pausedUntil } = await pauseFor(inbox, acting(principal), { personId, until: localDate(until) });
    res.send(200, { pausedUntil });
  }));

  server.post('/api/people/:personId/resume', json(), guard(async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    res.send(200, await resumeFor(inbox, acting(principal), { personId }));
  }));

  server.post('/api/people/:personId/rhythm', json(), guard(async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    const { nextCheckIn } = await setRhythmFor(inbox, acting(principal), { personId, ...rhythmBody.parse(body(req)) });
    res.send(200, { nextCheckIn });
  }));

  server.post('/api/people/:personId/hand-back', json(), guard(async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    await handBack(inbox, acting(principal), { personId });
    res.send(200, { ok: true });
  }));

  server.post('/api/people/:personId/flags/:flagId/resolve', json(), guard(async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    const flagId = id.parse(req.params.flagId);
    await resolveFlag(inbox, acting(principal), { personId, flagId, note: resolveBody.parse(body(req)).note });
    res.send(200, { ok: true });
  }));

  server.get('/api/people/:personId/audit', authenticated(auth, { roles: ['ADMIN'] }, async (req, res, principal) => {
    const { personId } = personParams.parse(req.params);
    // An erased person's trail outlives them, so the person may be gone; another organisation's never shows.
    const elsewhere = await db.person.count({ where: { id: personId, organisationId: { not: principal.organisationId } } });
    const events = elsewhere ? [] : await db.auditEvent.findMany({ where: { organisationId: principal.organisationId, personId }, orderBy: { createdAt: 'asc' }, take: 1000 });
    if (events.length === 0) throw new AppError('not-found', 'Nothing is recorded for that person in your organisation');
    const staffIds = [...new Set(events.map((e) => e.actorStaffId).filter((staffId): staffId is string => staffId !== null))];
    const names = new Map((await db.staff.findMany({ where: { id: { in: staffIds }, organisationId: principal.organisationId }, select: { id: true, displayName: true } })).map((s) => [s.id, s.displayName]));
    res.send(200, {
      events: events.map((e) => ({
        at: e.createdAt,
        action: e.action,
        actorType: e.actorType,
        actorStaffId: e.actorStaffId,
        actorName: e.actorStaffId ? (names.get(e.actorStaffId) ?? null) : null,
        detail: JSON.parse(e.detail) as unknown,
      })),
    });
  }));
}
