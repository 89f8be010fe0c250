import { z } from 'zod';
import { storableText } from '../../lib/text';

// The inbox API's request shapes: routes parse with them, and /api/openapi.json is built from them.

export const queueQuery = z.object({
  search: storableText().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
});
export const queueName = z.enum(['waiting', 'mine', 'paused', 'everyone']);
export const id = z.uuid({ error: 'is not an id' });
export const personParams = z.object({ personId: id });
export const claimBody = z.object({ assignTo: id.optional() }).strict();
export const replyBody = z.object({ text: storableText().trim().min(1, 'is empty').max(1600, 'is longer than 1600 characters (about ten texts)') }).strict();
export const noteBody = z.object({ body: storableText().trim().min(1, 'is empty').max(5000) }).strict();
export const pauseBody = z.object({
  until: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-07').nullable().default(null),
}).strict();
export const resolveBody = z.object({ note: storableText().trim().min(1, 'is needed: say what was done').max(2000) }).strict();
export const phoneQuery = z.object({ phone: storableText().min(1).max(40) });
export const waitsQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(7) });
export const rhythmBody = z.object({
  rhythm: z.enum(['WEEKLY', 'FORTNIGHTLY', 'MONTHLY', 'ONLY_WHEN_I_WRITE']),
  day: z.number().int().min(0, 'is a weekday, 0 (Sunday) to 6 (Saturday)').max(6, 'is a weekday, 0 (Sunday) to 6 (Saturday)').nullable().default(null),
  quietDays: z.array(z.number().int().min(0).max(6)).max(7).default([]),
}).strict();
