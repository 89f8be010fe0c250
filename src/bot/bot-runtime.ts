import { ConversationState, UserState, type ConversationReference } from 'botbuilder';
import type { Channel, Db } from '../db/client';
import type { BotDependencies } from './bot-dependencies';
import type { OfficeHours } from '../domain/handoff/coach-reply-time';
import type { Clock } from '../lib/clock';
import type { InFlight } from '../lib/in-flight';
import type { Logger } from '../lib/logger';
import type { MessageEvents } from '../messaging/message-events';
import { announceAppended } from '../messaging/outbound-texts';
import { HandoffMiddleware } from './handoff-middleware';
import { LanternAdapter } from './lantern-adapter';
import { LanternBot } from './lantern-bot';
import { PrismaStorage } from './prisma-storage';
import { reportHandoffStatus, sendToPerson, type HandoffStatus, type SendToPerson } from './send-to-person';
import { TurnQueue } from './turn-queue';
import { TurnRunner } from './turn-runner';

export interface BotRuntimeOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  events: MessageEvents;
  inFlight: InFlight;
  privacyUrl: string;
  officeHours: OfficeHours;
  timeZone: string;
  quietHours: { start: string; end: string };
  /** Delivers the last words to someone who has just erased their data (nothing is stored). */
  unrecorded(channel: Channel, reference: Partial<ConversationReference>, texts: string[]): Promise<void>;
  /** Texts a one-time code to a phone (linking web chat with it). */
  textCode?: BotDependencies['textCode'];
  /** Names this instance in the leases that keep one person's turns in order across instances. */
  instanceId: string;
}

export type BotRuntime = ReturnType<typeof createBotRuntime>;

/** The bot, its adapter and the turn runner, wired together once at start-up. */
export function createBotRuntime(options: BotRuntimeOptions) {
  const { db, clock, logger, events } = options;
  const storage = new PrismaStorage(db);
  const bot = new LanternBot(
    { db, clock, logger, privacyUrl: options.privacyUrl, officeHours: options.officeHours, timeZone: options.timeZone, quietHours: options.quietHours, textCode: options.textCode },
    new ConversationState(storage),
    new UserState(storage),
  );
  const adapter = new LanternAdapter({
    db,
    clock,
    logger,
    hooks: {
      committed: (messages) => announceAppended(events, messages),
      unrecorded: options.unrecorded,
    },
  });
  adapter.use(new HandoffMiddleware(db, clock));
  const runner = new TurnRunner({ db, adapter, logic: (context) => bot.run(context), queue: new TurnQueue(), inFlight: options.inFlight, logger, instanceId: options.instanceId });
  return {
    bot,
    adapter,
    runner,
    sendToPerson: (send: SendToPerson) => sendToPerson({ db, adapter }, send),
    reportHandoffStatus: (personId: string, state: HandoffStatus) => reportHandoffStatus({ db, adapter, logic: (context) => bot.run(context) }, { personId, state }),
  };
}
