import pg from 'pg';
import { isUrgent } from './urgent';

/**
 * PostgreSQL's pool with one connection kept back for urgent work (a webhook Twilio holds open,
 * see ./urgent). Under load every ordinary connection is busy with bot turns and the outbox, and
 * a webhook's commit queued behind them waited as long as they took. Urgent work is written one
 * commit at a time (the receipts' group commit), so one spare connection means it never queues.
 * Urgent work still uses an ordinary connection when one is idle.
 */
export class PoolWithUrgentReserve extends pg.Pool {
  private readonly reserve: pg.Pool;

  constructor(config: pg.PoolConfig) {
    super(config);
    this.reserve = new pg.Pool({ ...config, max: 1 });
    this.reserve.on('error', (error) => this.emit('error', error));
  }

  // pg.Pool's own query() checks its client out through this.connect, so queries go this way too.
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | void {
    const busy = this.idleCount === 0 && this.totalCount >= (this.options.max ?? 10);
    const pool = isUrgent() && busy ? this.reserve : null;
    if (pool === null) return callback ? super.connect(callback) : super.connect();
    return callback ? pool.connect(callback) : pool.connect();
  }

  override end(): Promise<void>;
  override end(callback: () => void): void;
  override end(callback?: () => void): Promise<void> | void {
    const ended = Promise.all([super.end(), this.reserve.end()]).then(() => undefined);
    if (!callback) return ended;
    void ended.then(callback, callback);
  }
}
