import type { CheckIn, Db } from '../../db/client';

/** How the person said they are, in their words, with the 0-10 they gave if they gave one. */
export function recordCheckIn(db: Db, options: { personId: string; words: string; score?: number | null }): Promise<CheckIn> {
  const score = options.score === undefined || options.score === null ? null : Math.round(options.score);
  return db.checkIn.create({
    data: { personId: options.personId, words: options.words.slice(0, 2000), score: score !== null && score >= 0 && score <= 10 ? score : null },
  });
}
