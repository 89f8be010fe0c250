import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { deriveKey } from './session-keys';

// A coach's session lives in a signed cookie only: nothing is stored per session, so any
// Lantern instance can check it. Revocation is by Staff.sessionsValidAfter ("sign out
// everywhere", a password change) and by disabling the account, both checked on every request.

export const SESSION_COOKIE = 'lantern_session';
/** Signed out after this long without a request. */
export const IDLE_TIMEOUT_MS = 30 * 60_000;
/** Signed out this long after signing in, however busy. */
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60_000;
/** The cookie's last-seen time is moved forward at most this often (one Set-Cookie a minute). */
export const REISSUE_AFTER_MS = 60_000;

export interface Session {
  staffId: string;
  /** Random per sign-in; the CSRF token is bound to it. */
  sessionId: string;
  /** Milliseconds since the epoch. */
  issuedAt: number;
  lastSeenAt: number;
}

const claimsSchema = z
  .object({
    stf: z.string().min(1).max(100),
    sid: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
    iat: z.number().int(),
    seen: z.number().int(),
  })
  .strict();

/**
 * A new session for a sign-in. Issued no earlier than the account's sessionsValidAfter, which
 * "sign out everywhere" sets a millisecond ahead: signing in again at once must still work.
 */
export function newSession(staff: { id: string; sessionsValidAfter: Date }, now: Date): Session {
  const at = Math.max(now.getTime(), staff.sessionsValidAfter.getTime());
  return { staffId: staff.id, sessionId: randomBytes(18).toString('base64url'), issuedAt: at, lastSeenAt: at };
}

/** "payload.mac", both base64url: the payload is readable (ids and times only), not forgeable. */
export function encodeSession(sessionSecret: string, session: Session): string {
  const claims = { stf: session.staffId, sid: session.sessionId, iat: session.issuedAt, seen: session.lastSeenAt };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(sessionSecret, payload).toString('base64url')}`;
}

/** The session a cookie value carries, or null if it was not made by us (or is malformed). */
export function decodeSession(sessionSecret: string, value: string): Session | null {
  const [payload, signature, extra] = value.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = mac(sessionSecret, payload);
  const actual = Buffer.from(signature, 'base64url');
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return null;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const claims = claimsSchema.safeParse(json);
  if (!claims.success) return null;
  return { staffId: claims.data.stf, sessionId: claims.data.sid, issuedAt: claims.data.iat, lastSeenAt: claims.data.seen };
}

/** Why a genuine session can no longer be used, or null while it can. */
export function sessionExpiry(session: Session, now: Date): 'idle' | 'absolute' | null {
  const at = now.getTime();
  if (at - session.issuedAt > ABSOLUTE_TIMEOUT_MS) return 'absolute';
  if (at - session.lastSeenAt > IDLE_TIMEOUT_MS) return 'idle';
  return null;
}

/** Seconds the browser should keep the cookie: to the idle limit, never past the absolute one. */
export function cookieLifetimeSeconds(session: Session, now: Date): number {
  const untilAbsolute = session.issuedAt + ABSOLUTE_TIMEOUT_MS - now.getTime();
  return Math.max(0, Math.floor(Math.min(IDLE_TIMEOUT_MS, untilAbsolute) / 1000));
}

function mac(sessionSecret: string, payload: string): Buffer {
  return createHmac('sha256', deriveKey(sessionSecret, 'session-cookie')).update(payload).digest();
}
