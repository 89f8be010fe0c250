import { ConversationState, TestAdapter, UserState, type Activity, type Storage } from 'botbuilder';
import { LanternBot } from '../../src/bot/lantern-bot';
import { HandoffMiddleware } from '../../src/bot/handoff-middleware';
import { PrismaStorage } from '../../src/bot/prisma-storage';
import type { BotDependencies } from '../../src/bot/bot-dependencies';
import type { Db } from '../../src/db/client';
import { createOrganisation } from '../../src/domain/organisations/create-organisation';
import { fixedClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';

export const PRIVACY_URL = 'http://localhost:3978/privacy';
export const LANTERN_NUMBER = '+447700900999';

/** The real bot, its dialogs and middleware on a real database, driven by the Bot Framework's TestAdapter. */
export async function botHarness(
  db: Db,
  options: { phone?: string; now?: string; storage?: Storage; channelId?: 'sms' | 'directline'; textCode?: BotDependencies['textCode'] } = {},
) {
  if ((await db.organisation.count()) === 0) await createOrganisation(db, { name: 'Northside PCN' });
  // Tuesday 24 November 2026, 10:30 in London: inside office hours.
  const clock = fixedClock(options.now ?? '2026-11-24T10:30:00Z');
  const deps: BotDependencies = {
    db,
    clock,
    logger: silentLogger,
    privacyUrl: PRIVACY_URL,
    officeHours: { start: '09:00', end: '17:00', days: [1, 2, 3, 4, 5] },
    timeZone: 'Europe/London',
    quietHours: { start: '20:00', end: '09:00' },
    ...(options.textCode ? { textCode: options.textCode } : {}),
  };
  const storage = options.storage ?? new PrismaStorage(db);
  const bot = new LanternBot(deps, new ConversationState(storage), new UserState(storage));
  const phone = options.phone ?? '+447700900123';
  const adapter = new TestAdapter(async (context) => bot.run(context), {
    channelId: options.channelId ?? 'sms',
    from: { id: phone, name: phone },
    recipient: { id: LANTERN_NUMBER, name: 'Lantern' },
    conversation: { id: `sms:${phone}`, isGroup: false, name: '' },
  } as Partial<Activity>);
  adapter.use(new HandoffMiddleware(db, clock));

  /** Sends one message and returns every activity the bot sent back during that turn. */
  async function say(text: string): Promise<Partial<Activity>[]> {
    adapter.activeQueue.splice(0);
    await adapter.receiveActivity(text);
    return adapter.activeQueue.splice(0);
  }
  const texts = (activities: Partial<Activity>[]) => activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');
  const person = () => db.person.findFirstOrThrow({ where: { phone }, include: { conversation: true } });
  return { adapter, deps, clock, say, texts, person, phone };
}
