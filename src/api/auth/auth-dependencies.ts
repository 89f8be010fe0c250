import type { Config } from '../../config/load-config';
import type { Db } from '../../db/client';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';

export interface AuthDependencies {
  config: Readonly<Config>;
  db: Db;
  clock: Clock;
  logger: Logger;
}
