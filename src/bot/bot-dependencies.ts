import type { Db } from '../db/client';
import type { OfficeHours } from '../domain/handoff/coach-reply-time';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';

/** What the bot and dialogs need from outside, passed in so tests can swap any of it. */
export interface BotDependencies {
  db: Db;
  clock: Clock;
  logger: Logger;
  privacyUrl: string;
  officeHours: OfficeHours;
  timeZone: string;
  /** No unprompted texts between these local times; a paused person's resumption comes at the end. */
  quietHours: { start: string; end: string };
  /** Texts a one-time code to a phone (not stored: the person may not be known on it yet). */
  textCode?(organisationId: string, phone: string, text: string): Promise<'sent' | 'too-many' | 'failed'>;
}
