import type { Author, Db, DbTransaction, Message } from '../../db/client';
import { localDateOf, startOfLocalDate } from '../../lib/calendar';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { isMobileNumber, normalisePhone } from '../../lib/phone';
import { newReferralCode, hashReferralCode } from './referral-code';

/** What sending a referral needs from outside the domain. */
export interface ReferralDependencies {
  db: Db;
  clock: Clock;
  publicBaseUrl: string;
  /** How long the link works. */
  linkDays: number;
  /** Referral texts one practice may send in 24 hours. */
  perPracticePerDay: number;
  /** Whose "today" a same-day repeat is judged by. */
  timeZone: string;
  sendToPerson(send: { personId: string; text: string; sender: { author: Author; whole: boolean }; channel: 'SMS'; guard: (tx: DbTransaction) => Promise<boolean> }): Promise<Message[]>;
  referralText(options: { practiceName: string; firstName: string | null; link: string }): string;
}

export interface ReferralRequest {
  organisationId: string;
  practiceId: string;
  /** The member of staff who sent it (null for an API token). */
  createdById: string | null;
  phone: string;
  firstName?: string | null;
  /** In the person's own words, for their coach. */
  reason?: string | null;
  consentConfirmed: boolean;
}

/** Referral texts to one number in this many days, at most. */
const PER_NUMBER_LIMIT = 3;
const PER_NUMBER_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

/** Staff are told only this, never why (an opt-out is the person's own business). */
export const CANNOT_BE_TEXTED = 'This number can’t be texted by Lantern.';

/**
 * A practice invites someone to Lantern: one text through the outbox with the practice's name
 * and a link only they hold. No forms, no eligibility: the person replies, or follows the link,
 * on their own terms. The referral is written in the same transaction as the text.
 */
export async function sendReferral(deps: ReferralDependencies, request: ReferralRequest) {
  if (!request.consentConfirmed) throw new AppError('bad-request', 'consentConfirmed: confirm the person agreed to be contacted by Lantern');
  const phone = normalisePhone(request.phone);
  if (!phone || !isMobileNumber(phone)) throw new AppError('bad-request', `phone: "${request.phone}" is not a mobile number`);
  const practice = await deps.db.practice.findFirst({ where: { id: request.practiceId, organisationId: request.organisationId } });
  if (!practice) throw new AppError('not-found', 'No such practice in your organisation');
  const now = deps.clock.now();
  await checkLimits(deps, { practiceId: practice.id, organisationId: request.organisationId, phone, now });
  const person = await personToInvite(deps.db, { organisationId: request.organisationId, practiceId: practice.id, phone });

  const code = newReferralCode();
  const expiresAt = new Date(now.getTime() + deps.linkDays * DAY_MS);
  const text = deps.referralText({ practiceName: practice.name, firstName: request.firstName ?? null, link: `${deps.publicBaseUrl}/r/${code}` });
  let referralId: string | null = null;
  const sent = await deps.sendToPerson({
    personId: person.id,
    text,
    sender: { author: 'BOT', whole: true },
    // A referral is a text to the number the practice gave, even if they last used web chat.
    channel: 'SMS',
    // Runs under the conversation's lock with the text's own commit: two clicks at once send one.
    guard: async (tx) => {
      if (await sentToday(tx, { organisationId: request.organisationId, phone, now, timeZone: deps.timeZone })) return false;
      const referral = await tx.referral.create({
        data: {
          organisationId: request.organisationId,
          practiceId: practice.id,
          personId: person.id,
          createdById: request.createdById,
          codeHash: hashReferralCode(code),
          phone,
          firstName: request.firstName ?? null,
          reason: request.reason ?? null,
          consentConfirmed: true,
          createdAt: now,
          expiresAt,
        },
      });
      referralId = referral.id;
      return true;
    },
  });
  if (!referralId) throw alreadySentToday();
  await deps.db.referral.update({ where: { id: referralId }, data: { messageId: sent[0]?.id ?? null } });
  return { referralId: referralId as string, expiresAt, texts: sent.length };
}

async function checkLimits(deps: ReferralDependencies, options: { practiceId: string; organisationId: string; phone: string; now: Date }) {
  const { db } = deps;
  const { now } = options;
  const byPractice = await db.referral.count({ where: { practiceId: options.practiceId, createdAt: { gt: new Date(now.getTime() - DAY_MS) } } });
  if (byPractice >= deps.perPracticePerDay) {
    throw new AppError('too-many-requests', `This practice has sent ${deps.perPracticePerDay} referrals in the last 24 hours, the most allowed. Try again later.`);
  }
  if (await sentToday(db, { organisationId: options.organisationId, phone: options.phone, now, timeZone: deps.timeZone })) throw alreadySentToday();
  const byNumber = await db.referral.count({ where: { organisationId: options.organisationId, phone: options.phone, createdAt: { gt: new Date(now.getTime() - PER_NUMBER_WINDOW_DAYS * DAY_MS) } } });
  if (byNumber >= PER_NUMBER_LIMIT) {
    throw new AppError('too-many-requests', `This number has had ${PER_NUMBER_LIMIT} referral texts in the last ${PER_NUMBER_WINDOW_DAYS} days. Lantern won't send another yet.`);
  }
}

/** An open referral to this number already texted today (in the organisation's time zone). */
async function sentToday(db: Db | DbTransaction, options: { organisationId: string; phone: string; now: Date; timeZone: string }): Promise<boolean> {
  const startOfToday = startOfLocalDate(localDateOf(options.now, options.timeZone), options.timeZone);
  const found = await db.referral.count({
    where: { organisationId: options.organisationId, phone: options.phone, createdAt: { gte: startOfToday }, repliedAt: null, expiresAt: { gt: options.now } },
  });
  return found > 0;
}

function alreadySentToday(): AppError {
  return new AppError('conflict', 'A referral was already texted to this number today. Lantern won’t send a second one the same day.', { reason: 'already-sent-today' });
}

/** The person the number belongs to in this organisation, or a new one attributed to the practice. */
async function personToInvite(db: Db, options: { organisationId: string; practiceId: string; phone: string }) {
  const address = await db.channelAddress.findUnique({ where: { channel_address: { channel: 'SMS', address: options.phone } }, include: { person: true } });
  if (address) {
    // Opted out, or a person of another organisation: the staff member learns nothing more.
    if (address.person.optedOutAt || address.person.organisationId !== options.organisationId) throw new AppError('conflict', CANNOT_BE_TEXTED, { reason: 'cannot-be-texted' });
    if (!address.person.practiceId) await db.person.update({ where: { id: address.person.id }, data: { practiceId: options.practiceId } });
    return address.person;
  }
  try {
    return await db.$transaction(async (tx) => {
      const person = await tx.person.create({ data: { organisationId: options.organisationId, practiceId: options.practiceId, phone: options.phone, lastChannel: 'SMS' } });
      await tx.conversation.create({ data: { organisationId: options.organisationId, personId: person.id } });
      await tx.channelAddress.create({ data: { personId: person.id, channel: 'SMS', address: options.phone } });
      return person;
    });
  } catch (error) {
    // Two referrals (or a text from them) at once: whoever stored the number first wins.
    const raced = await db.channelAddress.findUnique({ where: { channel_address: { channel: 'SMS', address: options.phone } }, include: { person: true } });
    if (raced && raced.person.organisationId === options.organisationId) return raced.person;
    throw error;
  }
}
