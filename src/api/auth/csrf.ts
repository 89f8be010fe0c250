import { createHmac, timingSafeEqual } from 'node:crypto';
import { deriveKey } from './session-keys';

/** The header a state-changing request made with the session cookie must carry. */
export const CSRF_HEADER = 'x-csrf-token';

// The token is an HMAC of the session id under its own key: another site cannot read it (the
// cookie is HttpOnly and responses are same-origin), and it changes with every sign-in.
export function csrfTokenFor(sessionSecret: string, sessionId: string): string {
  return createHmac('sha256', deriveKey(sessionSecret, 'csrf-token')).update(sessionId).digest('base64url');
}

export function csrfTokenMatches(sessionSecret: string, sessionId: string, presented: string | undefined): boolean {
  if (!presented) return false;
  const expected = Buffer.from(csrfTokenFor(sessionSecret, sessionId));
  const actual = Buffer.from(presented);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
