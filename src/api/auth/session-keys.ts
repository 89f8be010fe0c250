import { createHmac } from 'node:crypto';

/** What a derived key signs; each purpose gets its own key, so one signed value never passes as another. */
export type KeyPurpose = 'session-cookie' | 'csrf-token' | 'report-pseudonyms';

/** A key for one purpose only, derived from SESSION_SECRET (as Direct Line's token key is). */
export function deriveKey(sessionSecret: string, purpose: KeyPurpose): Buffer {
  return createHmac('sha256', sessionSecret).update(`lantern:${purpose}:v1`).digest();
}
