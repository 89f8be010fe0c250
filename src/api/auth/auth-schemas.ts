import { z } from 'zod';
import { storableText } from '../../lib/text';

// Request bodies of /api/auth/*. Passwords are bounded generously here (scrypt hashes any
// length in the same time); the real length rules for a new password are in password-policy.ts.

const password = z.string().min(1, 'is empty').max(1024, 'is too long');
// Spaces are allowed ("123 456", as some apps show it); anything else wrong is just a wrong code.
const code = z.string().max(20, 'is too long to be a code');

export const signInBody = z
  .object({
    email: storableText().trim().toLowerCase().min(1, 'is empty').max(320, 'is too long'),
    password,
    code: code.optional(),
  })
  .strict();

export const changePasswordBody = z.object({ currentPassword: password, newPassword: password }).strict();

export const totpCodeBody = z.object({ code }).strict();
