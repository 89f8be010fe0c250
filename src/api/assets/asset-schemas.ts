import { z } from 'zod';
import { storableText } from '../../lib/text';
import { CATEGORIES } from '../../domain/assets/asset-input';

// The directory and connection API's request shapes: routes parse with them, and /api/openapi.json is built from them.

export const assetBody = z.object({
  name: storableText().max(200),
  description: storableText().max(2000).optional(),
  categories: z.array(storableText().max(40)).max(CATEGORIES.length),
  area: storableText().max(60),
  schedule: storableText().max(300).optional(),
  contact: storableText().max(300).optional(),
  cost: storableText().max(100).optional(),
  accessibility: storableText().max(500).optional(),
  lastVerifiedAt: storableText().max(30).nullable().optional(),
}).strict();

export const assetQuery = z.object({
  area: storableText().max(60).optional(),
  category: z.enum(CATEGORIES).optional(),
  search: storableText().max(100).optional(),
  stale: z.enum(['true', 'false']).optional(),
});

export const assetParams = z.object({ assetId: z.uuid({ error: 'is not an id' }) });

export const connectionStatus = z.enum(['SUGGESTED', 'TRIED', 'STUCK_WITH_IT', 'DIDNT_WORK']);
export const connectionBody = z.object({
  assetId: z.uuid({ error: 'is not an id' }),
  whatMattersId: z.uuid({ error: 'is not an id' }).nullable().optional(),
  status: connectionStatus.optional(),
}).strict();
export const connectionUpdateBody = z.object({ status: connectionStatus }).strict();
export const connectionParams = z.object({ personId: z.uuid({ error: 'is not an id' }), connectionId: z.uuid({ error: 'is not an id' }) });
export const suggestionQuery = z.object({ whatMattersId: z.uuid({ error: 'is not an id' }) });
export const areaBody = z.object({ area: storableText().max(60).nullable() }).strict();

export const reportQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-09-01').optional(),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-01').optional(),
});

export const whatDidntWorkBody = z.object({
  assetId: z.uuid({ error: 'is not an id' }).nullable().optional(),
  serviceName: storableText().max(120).nullable().optional(),
  barrier: z.enum(['REFUSED', 'NOT_WELCOMING', 'TRANSPORT', 'COST', 'TIMING', 'ACCESSIBILITY', 'WAITING_LIST', 'CLOSED', 'NO_RESPONSE', 'CONFIDENCE', 'OTHER']),
  note: storableText().max(500).optional(),
}).strict();
