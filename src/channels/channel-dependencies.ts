import type { Config } from '../config/load-config';
import type { Db, Message } from '../db/client';
import type { Clock } from '../lib/clock';
import type { InFlight } from '../lib/in-flight';
import type { Logger } from '../lib/logger';
import type { MessageEvents } from '../messaging/message-events';

/** What every channel adapter needs: it stores inbound messages with recordInbound, then asks for an answer. */
export interface ChannelDependencies {
  config: Readonly<Config>;
  db: Db;
  clock: Clock;
  logger: Logger;
  events: MessageEvents;
  /** Background work that shutdown (and tests) wait for. */
  inFlight: InFlight;
  /** Queues the bot's answer to a stored inbound message (in arrival order per person). Never rejects. */
  answer(message: Pick<Message, 'id' | 'personId' | 'conversationId'>): Promise<void>;
}
