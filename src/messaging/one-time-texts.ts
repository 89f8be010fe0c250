import type { Db } from '../db/client';
import type { Clock } from '../lib/clock';

const PER_PHONE_PER_HOUR = 3;
const HOUR_MS = 3_600_000;

/**
 * Texts one-time codes, at most three an hour to any one phone, so web chat cannot be used to
 * pester someone's phone. The limit is per process: enough to stop casual abuse.
 */
export function createCodeTexter(options: { db: Db; clock: Clock; send(to: string, from: string | null, body: string): Promise<boolean> }) {
  const recent = new Map<string, number[]>();
  return async (organisationId: string, phone: string, text: string): Promise<'sent' | 'too-many' | 'failed'> => {
    const now = options.clock.now().getTime();
    const times = (recent.get(phone) ?? []).filter((at) => now - at < HOUR_MS);
    if (times.length >= PER_PHONE_PER_HOUR) return 'too-many';
    times.push(now);
    recent.set(phone, times);
    for (const [key, list] of recent) if (list.every((at) => now - at >= HOUR_MS)) recent.delete(key);
    const organisation = await options.db.organisation.findUnique({ where: { id: organisationId }, select: { smsNumber: true } });
    return (await options.send(phone, organisation?.smsNumber ?? null, text)) ? 'sent' : 'failed';
  };
}
