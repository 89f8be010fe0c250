import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { findReferralByCode } from './find-referral';

/**
 * Someone followed the link in a practice's text into web chat: the chat joins the person the
 * text went to (holding the code proves the text reached them), so the coach sees one timeline,
 * and the referral counts as opened. An unknown or expired code starts an ordinary chat.
 */
export async function openReferralInWebChat(db: Db, options: { code: string; webChatAddress: string; clock: Clock }): Promise<{ opened: boolean }> {
  const found = await findReferralByCode(db, { code: options.code, clock: options.clock });
  if (found.state !== 'open' || !found.referral.personId) return { opened: false };
  const now = options.clock.now();
  const personId = found.referral.personId;
  await db.$transaction(async (tx) => {
    await tx.channelAddress.create({ data: { personId, channel: 'WEB_CHAT', address: options.webChatAddress, verifiedAt: now, lastSeenAt: now } });
    if (!found.referral.openedAt) await tx.referral.update({ where: { id: found.referral.id }, data: { openedAt: now } });
  });
  return { opened: true };
}
