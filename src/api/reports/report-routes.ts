import type { Server } from 'restify';
import type { Db } from '../../db/client';
import { recordAuditEvent } from '../../domain/audit/record-audit-event';
import { learningReport, learningReportCsv, publicLearningReport } from '../../domain/reports/learning-report';
import { neighbourhoodReport, publicReport, reportCsv } from '../../domain/reports/neighbourhood-report';
import { outcomes, outcomesCsv, publicOutcomes } from '../../domain/reports/outcomes';
import { addDays, localDateOf, parseIsoDate, startOfLocalDate } from '../../lib/calendar';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { authenticated, type AuthDependencies } from '../auth';
import type { Principal } from '../auth/principal';
import { reportQuery } from '../assets/asset-schemas';

const DEFAULT_DAYS = 90;

/** The period asked for, as local dates: from the start of `from` to the end of `to` (last 90 days by default). */
function period(query: { from?: string; to?: string }, clock: Clock, timeZone: string) {
  const today = localDateOf(clock.now(), timeZone);
  const to = query.to ? parseIsoDate(query.to) : today;
  const from = query.from ? parseIsoDate(query.from) : to ? addDays(to, -DEFAULT_DAYS + 1) : null;
  if (!from || !to) throw new AppError('bad-request', 'from and to must be real dates like 2026-09-01');
  const start = startOfLocalDate(from, timeZone);
  const end = startOfLocalDate(addDays(to, 1), timeZone);
  if (end <= start) throw new AppError('bad-request', 'to must be on or after from');
  return { start, end };
}

const actor = (principal: Principal) => (principal.kind === 'staff' ? { type: 'staff' as const, staffId: principal.staffId } : { type: 'api-token' as const, tokenId: principal.tokenId });

/** Reports for commissioners and managers: counts only, suppressed, never a person's words. */
export function mountReportRoutes(server: Server, deps: { auth: AuthDependencies; db: Db; clock: Clock; timeZone: string; threshold: number; pseudonymKey: string }): void {
  const { auth, db, clock } = deps;
  const guard = (handler: Parameters<typeof authenticated>[2]) => authenticated(auth, {}, handler);

  server.get('/api/reports/neighbourhood', guard(async (req, res, principal) => {
    const { start, end } = period(reportQuery.parse(req.query ?? {}), clock, deps.timeZone);
    const report = await neighbourhoodReport(db, { organisationId: principal.organisationId, from: start, to: end, threshold: deps.threshold });
    res.send(200, publicReport(report));
  }));

  server.get('/api/reports/neighbourhood.csv', guard(async (req, res, principal) => {
    const { start, end } = period(reportQuery.parse(req.query ?? {}), clock, deps.timeZone);
    const report = await neighbourhoodReport(db, { organisationId: principal.organisationId, from: start, to: end, threshold: deps.threshold });
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'report.exported', detail: { report: 'neighbourhood' } });
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="lantern-neighbourhood-report.csv"');
    res.sendRaw(200, reportCsv(report));
  }));

  const csv = (res: import('restify').Response, name: string, body: string) => {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
    res.sendRaw(200, body);
  };

  server.get('/api/reports/learning', guard(async (req, res, principal) => {
    const { start, end } = period(reportQuery.parse(req.query ?? {}), clock, deps.timeZone);
    res.send(200, publicLearningReport(await learningReport(db, { organisationId: principal.organisationId, from: start, to: end, threshold: deps.threshold })));
  }));

  server.get('/api/reports/learning.csv', guard(async (req, res, principal) => {
    const { start, end } = period(reportQuery.parse(req.query ?? {}), clock, deps.timeZone);
    const report = await learningReport(db, { organisationId: principal.organisationId, from: start, to: end, threshold: deps.threshold });
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'report.exported', detail: { report: 'learning' } });
    csv(res, 'lantern-what-didnt-work.csv', learningReportCsv(report));
  }));

  server.get('/api/reports/outcomes', guard(async (req, res, principal) => {
    const { start, end } = period(reportQuery.parse(req.query ?? {}), clock, deps.timeZone);
    res.send(200, publicOutcomes(await outcomes(db, { organisationId: principal.organisationId, from: start, to: end, threshold: deps.threshold })));
  }));

  // One row per person, under a pseudonym only: refused when the cohort is too small to hide in.
  server.get('/api/reports/outcomes.csv', guard(async (req, res, principal) => {
    const { start, end } = period(reportQuery.parse(req.query ?? {}), clock, deps.timeZone);
    const body = await outcomesCsv(db, { organisationId: principal.organisationId, from: start, to: end, threshold: deps.threshold, pseudonymKey: deps.pseudonymKey, timeZone: deps.timeZone });
    await recordAuditEvent(db, { organisationId: principal.organisationId, actor: actor(principal), action: 'report.exported', detail: { report: 'outcomes' } });
    csv(res, 'lantern-wellbeing-outcomes.csv', body);
  }));
}
