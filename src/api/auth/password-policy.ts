import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../lib/errors';

export const MIN_PASSWORD_CHARACTERS = 10;
export const MAX_PASSWORD_CHARACTERS = 128;

// The ~49,000 most common passwords from breach corpora, most common first, lower case, as
// zxcvbn-ts ships them (@zxcvbn-ts/language-common). Built once, on first use.
let common: ReadonlySet<string> | undefined;
function commonPasswords(): ReadonlySet<string> {
  common ??= new Set(dictionary['passwords-common']);
  return common;
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.normalize('NFKC').toLowerCase());
}

/**
 * NCSC/NIST-style rules: long enough, not absurdly long, not a well-known password, not the
 * email address. No rules about symbols or digits (they push people to "Password1!").
 */
export function newPasswordProblem(password: string, email: string): string | null {
  const characters = [...password.normalize('NFKC')].length;
  if (characters < MIN_PASSWORD_CHARACTERS) return `must be at least ${MIN_PASSWORD_CHARACTERS} characters`;
  if (characters > MAX_PASSWORD_CHARACTERS) return `must be at most ${MAX_PASSWORD_CHARACTERS} characters`;
  if (isCommonPassword(password)) return 'is one of the most commonly used passwords; choose something less guessable';
  const lower = password.trim().toLowerCase();
  if (lower === email.toLowerCase() || lower === email.toLowerCase().split('@')[0]) return 'must not be your email address';
  return null;
}

/** A 400 naming the field, in the shape zod failures are answered in. */
export function passwordRefused(field: string, problem: string): AppError {
  return new AppError('bad-request', `${field}: ${problem}`, [{ field, problem }]);
}
