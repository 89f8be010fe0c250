import restify, { type Request, type Server } from 'restify';
import type { Db } from '../../db/client';
import { recordAuditEvent } from '../../domain/audit/record-audit-event';
import { listReferrals, PROGRESS_ORDER, referralSummary, suppressed } from '../../domain/referrals/referral-progress';
import { sendReferral, type ReferralDependencies } from '../../domain/referrals/send-referral';
import { AppError } from '../../lib/errors';
import { authenticated, type AuthDependencies } from '../auth';
import { actingStaffId, type Principal } from '../auth/principal';
import { referralBody, referralListQuery, referralSummaryQuery } from './referral-schemas';

// Practice staff and practice tokens refer from their practice; admins and organisation tokens
// name the practice. Coaches do not send referrals, and nobody here reads a conversation.
const REFERRERS = { roles: ['PRACTICE', 'ADMIN'] } as const;

const json = () => restify.plugins.jsonBodyParser({ mapParams: false, maxBodySize: 8 * 1024 } as restify.plugins.JsonBodyParserOptions);

/** The practice a call acts for: the caller's own, or (organisation-wide callers) the one named. */
async function practiceFor(db: Db, principal: Principal, odsCode: string | undefined): Promise<string | null> {
  if (principal.practiceId) return principal.practiceId;
  if (!odsCode) return null;
  const practice = await db.practice.findFirst({ where: { organisationId: principal.organisationId, odsCode: odsCode.toUpperCase() }, select: { id: true } });
  if (!practice) throw new AppError('not-found', `No practice with ODS code ${odsCode} in your organisation`);
  return practice.id;
}

export function mountReferralRoutes(server: Server, deps: { auth: AuthDependencies; referrals: ReferralDependencies; smallCountThreshold: number; publicBaseUrl: string }): void {
  const { auth, referrals } = deps;
  const { db, clock } = referrals;

  server.post('/api/referrals', json(), authenticated(auth, REFERRERS, async (req: Request, res, principal) => {
    const input = referralBody.parse(req.body ?? {});
    const practiceId = await practiceFor(db, principal, input.odsCode);
    if (!practiceId) throw new AppError('bad-request', 'odsCode: say which practice the referral is from');
    const sent = await sendReferral(referrals, {
      organisationId: principal.organisationId,
      practiceId,
      createdById: actingStaffId(principal),
      phone: input.phone,
      firstName: input.firstName,
      reason: input.reason,
      consentConfirmed: input.consentConfirmed,
    });
    await recordAuditEvent(db, {
      organisationId: principal.organisationId,
      actor: principal.kind === 'staff' ? { type: 'staff', staffId: principal.staffId } : { type: 'api-token', tokenId: principal.tokenId },
      action: 'referral.sent',
      personId: null,
      detail: { referralId: sent.referralId },
    });
    res.send(201, { id: sent.referralId, expiresAt: sent.expiresAt, progress: 'sent' });
  }));

  server.get('/api/referrals', authenticated(auth, REFERRERS, async (req, res, principal) => {
    const query = referralListQuery.parse(req.query ?? {});
    const practiceId = await practiceFor(db, principal, query.odsCode);
    const practice = practiceId ? await db.practice.findUnique({ where: { id: practiceId }, select: { name: true, odsCode: true } }) : null;
    res.send(200, {
      // The practice's own link and text keyword, for its page.
      practice: practice ? { ...practice, link: `${deps.publicBaseUrl}/p/${practice.odsCode}` } : null,
      referrals: await listReferrals(db, { organisationId: principal.organisationId, practiceId, limit: query.limit, clock }),
    });
  }));

  server.get('/api/referrals/summary', authenticated(auth, REFERRERS, async (req, res, principal) => {
    const query = referralSummaryQuery.parse(req.query ?? {});
    const practiceId = await practiceFor(db, principal, query.odsCode);
    const since = new Date(clock.now().getTime() - query.days * 86_400_000);
    res.send(200, { days: query.days, ...(await referralSummary(db, { organisationId: principal.organisationId, practiceId, since, clock })) });
  }));

  // Counts only, and small ones shown as "<10": this file leaves Lantern.
  server.get('/api/referrals/summary.csv', authenticated(auth, REFERRERS, async (req, res, principal) => {
    const query = referralSummaryQuery.parse(req.query ?? {});
    const practiceId = await practiceFor(db, principal, query.odsCode);
    const since = new Date(clock.now().getTime() - query.days * 86_400_000);
    const summary = await referralSummary(db, { organisationId: principal.organisationId, practiceId, since, clock });
    const lines = ['progress,referrals', ...PROGRESS_ORDER.map((p) => `${p},${suppressed(summary.counts[p], deps.smallCountThreshold)}`), `total,${suppressed(summary.total, deps.smallCountThreshold)}`];
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="lantern-referrals-last-${query.days}-days.csv"`);
    res.sendRaw(200, `${lines.join('\r\n')}\r\n`);
  }));
}
