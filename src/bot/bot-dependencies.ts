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
}
