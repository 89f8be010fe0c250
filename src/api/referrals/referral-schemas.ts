import { z } from 'zod';
import { storableText } from '../../lib/text';

// The referral API's request shapes: routes parse with them, and /api/openapi.json is built from them.

export const referralBody = z.object({
  phone: storableText().trim().min(1, 'is empty').max(40, 'is too long to be a phone number'),
  firstName: storableText().trim().max(40, 'is longer than 40 characters').optional().transform((v) => v || null),
  reason: storableText().trim().max(300, 'is longer than 300 characters: a line in their words is enough').optional().transform((v) => v || null),
  consentConfirmed: z.literal(true, { error: 'must be true: confirm the person agreed to be contacted' }),
  /** For organisation-wide callers (admins, organisation tokens): which practice it is from. */
  odsCode: storableText().trim().max(12).optional(),
}).strict();

export const referralListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Organisation-wide callers may narrow to one practice. */
  odsCode: storableText().trim().max(12).optional(),
});

export const referralSummaryQuery = z.object({
  days: z.coerce.number().int().min(1).max(366).default(90),
  odsCode: storableText().trim().max(12).optional(),
});
