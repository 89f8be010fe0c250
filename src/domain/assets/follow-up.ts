import type { ConnectionStatus, Db, DbOrTransaction } from '../../db/client';
import { addDays, instantOfWallClock, localDateOf } from '../../lib/calendar';
import { scheduleJob } from '../schedules/scheduled-jobs';

/** How long after a connection the bot asks how it went. */
export const FOLLOW_UP_AFTER_DAYS = 10;
/** How long an answer to "how did it go?" is read as one. */
export const ANSWER_WINDOW_DAYS = 7;
const FOLLOW_UP_HOUR = 11;

const ASK_ABOUT: ConnectionStatus[] = ['SUGGESTED', 'TRIED'];

/** The connections still to ask about, oldest first. */
function unasked(db: DbOrTransaction, personId: string) {
  return db.connection.findMany({
    where: { personId, followUpAskedAt: null, status: { in: ASK_ABOUT } },
    orderBy: { createdAt: 'asc' },
    include: { asset: { select: { id: true, name: true } }, person: { select: { timeZone: true } } },
  });
}

/** When to ask about a connection made at `createdAt`: ten days on, late morning their time. */
function dueFor(createdAt: Date, timeZone: string): Date {
  return instantOfWallClock({ ...addDays(localDateOf(createdAt, timeZone), FOLLOW_UP_AFTER_DAYS), hour: FOLLOW_UP_HOUR, minute: 0 }, timeZone);
}

/** (Re)schedules the one pending "how did it go?" for a person: for their oldest connection not yet asked about. */
export async function scheduleFollowUp(db: DbOrTransaction, personId: string): Promise<Date | null> {
  const [next] = await unasked(db, personId);
  if (!next) return null;
  const dueAt = dueFor(next.createdAt, next.person.timeZone);
  await scheduleJob(db, { kind: 'connection-follow-up', personId, dueAt });
  return dueAt;
}

/** The connection to ask about now, if one is due. */
export async function connectionToAskAbout(db: Db, personId: string, now: Date) {
  const [next] = await unasked(db, personId);
  return next && dueFor(next.createdAt, next.person.timeZone) <= now ? next : null;
}

export type FollowUpOutcome = 'went-well' | 'not-for-them' | 'closed' | 'no-answer' | 'noted';

// In the person's words, lower case. Closed and unanswered come first: they are about the asset.
const OUTCOMES: ReadonlyArray<readonly [FollowUpOutcome, RegExp]> = [
  ['closed', /\b(?:closed|shut|(?:not|no longer|stopped) (?:running|on|there|happening)|doesn'?t exist|gone|cancelled|finished)\b/],
  ['no-answer', /\b(?:no ?one|nobody) (?:answered|replied|got back|was there|picked up|came)\b|\bno (?:answer|reply|response)\b|\bnever (?:heard|got) back\b/],
  ['not-for-them', /\b(?:(?:was ?n'?t|not|wasn t) (?:really |quite )?(?:for me|my (?:thing|cup of tea)|really me|welcoming|friendly)|did ?n'?t (?:like|enjoy|go|get on|feel welcome|fit in)|did not (?:like|enjoy|go)|could ?n'?t (?:get there|go|make it)|too (?:far|expensive|busy)|not (?:great|good)|rubbish|awful)\b/],
  ['went-well', /\b(?:loved|love|great|good|enjoyed|enjoying|lovely|brilliant|fab|amazing|really helped|helped|going again|go again|been (?:twice|again|back)|made (?:a )?friends?|really nice|nice)\b/],
];

export function classifyFollowUp(words: string): FollowUpOutcome {
  const text = words.toLowerCase().replace(/[’‘]/g, "'");
  return OUTCOMES.find(([, pattern]) => pattern.test(text))?.[0] ?? 'noted';
}

/**
 * The person's reply to "how did it go?", within a week of asking: kept in their words for the
 * coach, the connection's status updated when the words are clear, and an asset that has closed
 * or answers nobody flagged for a check. Null when no question is open.
 */
export async function recordFollowUpAnswer(db: Db, options: { personId: string; text: string; now: Date }): Promise<{ outcome: FollowUpOutcome; assetName: string } | null> {
  const since = new Date(options.now.getTime() - ANSWER_WINDOW_DAYS * 86_400_000);
  const asked = await db.connection.findFirst({
    where: { personId: options.personId, followUpAskedAt: { gte: since }, followUpAnswer: null },
    orderBy: { followUpAskedAt: 'desc' },
    include: { asset: { select: { id: true, name: true } } },
  });
  if (!asked) return null;
  const outcome = classifyFollowUp(options.text);
  const status: ConnectionStatus | undefined = outcome === 'went-well' ? 'STUCK_WITH_IT' : outcome === 'noted' ? undefined : 'DIDNT_WORK';
  await db.$transaction(async (tx) => {
    await tx.connection.update({ where: { id: asked.id }, data: { followUpAnswer: options.text.slice(0, 500), ...(status ? { status } : {}) } });
    if (outcome === 'closed' || outcome === 'no-answer') {
      await tx.communityAsset.update({ where: { id: asked.asset.id }, data: { needsCheckSince: options.now, needsCheckReason: outcome === 'closed' ? 'closed' : 'no response' } });
    }
  });
  return { outcome, assetName: asked.asset.name };
}
