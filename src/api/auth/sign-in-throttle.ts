import { createHash } from 'node:crypto';
import type { Request } from 'restify';
import { AppError } from '../../lib/errors';

/** Failed sign-ins allowed from one address in IP_WINDOW_MS before it must wait. */
export const IP_FAILURE_LIMIT = 20;
export const IP_WINDOW_MS = 15 * 60_000;
/** Consecutive failed sign-ins (wrong password or code) that lock an account... */
export const ACCOUNT_FAILURE_LIMIT = 5;
/** ...for this long. */
export const ACCOUNT_LOCK_MS = 15 * 60_000;
// Bounds on what an attacker can make us remember (one entry per address or unknown email).
const MAX_TRACKED = 10_000;

/** A 429 with the seconds to wait, which the route also sends as Retry-After. */
export class TooManySignIns extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super('too-many-requests', `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, { retryAfterSeconds });
  }
}

/**
 * Failed sign-ins per address in a sliding window, in memory (per instance). The address is the
 * connection's: X-Forwarded-For is not trusted, so behind a proxy every coach shares one window.
 */
export class FailuresByAddress {
  private readonly failures = new Map<string, number[]>();

  /** Seconds until this address may try again; 0 if it may now. */
  retryAfterSeconds(address: string, now: Date): number {
    const recent = this.recent(address, now.getTime());
    if (recent.length < IP_FAILURE_LIMIT) return 0;
    return Math.ceil(((recent[0] as number) + IP_WINDOW_MS - now.getTime()) / 1000);
  }

  record(address: string, now: Date): void {
    const recent = [...this.recent(address, now.getTime()), now.getTime()].slice(-IP_FAILURE_LIMIT);
    this.failures.delete(address);
    this.failures.set(address, recent);
    evictOldest(this.failures);
  }

  private recent(address: string, at: number): number[] {
    return (this.failures.get(address) ?? []).filter((time) => time > at - IP_WINDOW_MS);
  }
}

/**
 * Lockout for emails nobody signs in with, counted as Staff.failedSignIns counts for real
 * accounts, so "locked after five tries" does not reveal which emails have an account.
 */
export class UnknownAccountLockouts {
  private readonly accounts = new Map<string, { failures: number; lockedUntil: number }>();

  /** Seconds until this email may try again; 0 if it may now. */
  retryAfterSeconds(email: string, now: Date): number {
    const lockedUntil = this.accounts.get(key(email))?.lockedUntil ?? 0;
    return Math.max(0, Math.ceil((lockedUntil - now.getTime()) / 1000));
  }

  recordFailure(email: string, now: Date): void {
    const k = key(email);
    const failures = (this.accounts.get(k)?.failures ?? 0) + 1;
    const locked = failures >= ACCOUNT_FAILURE_LIMIT;
    this.accounts.delete(k);
    this.accounts.set(k, { failures: locked ? 0 : failures, lockedUntil: locked ? now.getTime() + ACCOUNT_LOCK_MS : 0 });
    evictOldest(this.accounts);
  }
}

/** The address a request came from, as the socket saw it (IPv4-mapped IPv6 written as IPv4). */
export function clientAddress(req: Request): string {
  const address = req.socket?.remoteAddress ?? 'unknown';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

// Maps keep insertion order and entries are re-inserted when touched: the first is the stalest.
function evictOldest(map: Map<string, unknown>): void {
  while (map.size > MAX_TRACKED) {
    const oldest = map.keys().next().value;
    if (oldest === undefined) return;
    map.delete(oldest);
  }
}

// Unknown emails are kept only as hashes: typed-in addresses are not ours to hold.
function key(email: string): string {
  return createHash('sha256').update(email).digest('base64url');
}
