import type { Db, Referral } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { hashReferralCode, REFERRAL_CODE_PATTERN } from './referral-code';

export type FoundReferral =
  | { state: 'open'; referral: Referral & { practice: { name: string; odsCode: string } } }
  | { state: 'expired'; practiceName: string }
  | { state: 'unknown' };

/** The referral a link's code belongs to, if it is still open. */
export async function findReferralByCode(db: Db, options: { code: string; clock: Clock }): Promise<FoundReferral> {
  if (!REFERRAL_CODE_PATTERN.test(options.code)) return { state: 'unknown' };
  const referral = await db.referral.findUnique({
    where: { codeHash: hashReferralCode(options.code) },
    include: { practice: { select: { name: true, odsCode: true } } },
  });
  if (!referral || !referral.personId) return { state: 'unknown' };
  if (referral.expiresAt <= options.clock.now()) return { state: 'expired', practiceName: referral.practice.name };
  return { state: 'open', referral };
}
