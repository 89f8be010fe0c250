import { createHash, randomBytes } from 'node:crypto';

/** 128 random bits, URL-safe (22 characters): unguessable, and it says nothing about anyone. */
export function newReferralCode(): string {
  return randomBytes(16).toString('base64url');
}

/** Only the hash is stored; the code itself is only ever in the text sent to the person. */
export function hashReferralCode(code: string): string {
  return createHash('sha256').update(code).digest('hex');
}

/** What a code must look like before it is even looked up (links are typed, pasted and cut short). */
export const REFERRAL_CODE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
