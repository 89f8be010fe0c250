import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';

export type OptOutSource = 'keyword' | 'carrier' | 'coach';

/** Nothing more is sent to the person until they opt back in; pending unprompted messages are cancelled. */
export async function optOut(db: Db, options: { personId: string; source: OptOutSource; clock: Clock }): Promise<void> {
  const now = options.clock.now();
  await db.$transaction([
    db.person.update({ where: { id: options.personId }, data: { optedOutAt: now, optOutSource: options.source } }),
    db.scheduledJob.updateMany({ where: { personId: options.personId, status: 'PENDING' }, data: { status: 'CANCELLED', finishedAt: now } }),
  ]);
}

export async function optIn(db: Db, personId: string): Promise<void> {
  await db.person.update({ where: { id: personId }, data: { optedOutAt: null, optOutSource: null } });
}
