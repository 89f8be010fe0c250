import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import { cancelJobs } from '../schedules/scheduled-jobs';

export type OptOutSource = 'keyword' | 'carrier' | 'coach';

/** Nothing more is sent to the person until they opt back in; pending unprompted messages are cancelled. */
export async function optOut(db: Db, options: { personId: string; source: OptOutSource; clock: Clock }): Promise<void> {
  const now = options.clock.now();
  await db.$transaction(async (tx) => {
    await tx.person.update({ where: { id: options.personId }, data: { optedOutAt: now, optOutSource: options.source } });
    await cancelJobs(tx, { personId: options.personId, now });
  });
}

export async function optIn(db: Db, personId: string): Promise<void> {
  await db.person.update({ where: { id: personId }, data: { optedOutAt: null, optOutSource: null } });
}
