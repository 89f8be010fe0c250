import { z } from 'zod';
import { storableText } from '../../lib/text';
import { normaliseArea } from './areas';

/** The categories of what matters (DOMAIN.md), which assets are matched by. */
export const CATEGORIES = [
  'PERSONAL_QUALITIES', 'KNOWLEDGE_AND_SKILLS', 'RELATIONSHIPS', 'PASSIONS_AND_INTERESTS', 'NEIGHBOURS', 'COMMUNITY_GROUPS',
  'SHARED_INTEREST_GROUPS', 'COMMUNITY_LEADERS', 'HEALTH', 'MONEY', 'HOUSING', 'TRANSPORT', 'CARE_SERVICES', 'LEISURE',
  'SCHOOLS', 'COMMUNITY_BUILDINGS', 'OTHER',
] as const;
export type Category = (typeof CATEGORIES)[number];

const text = (max: number) => storableText().trim().max(max, `is longer than ${max} characters`);

/** One community asset as coaches enter it, or as an import row says it. Every boundary uses this. */
export const assetInput = z.object({
  externalId: text(200).optional().transform((v) => v || null),
  name: text(200).min(1, 'is empty'),
  description: text(2000).default(''),
  categories: z
    .array(storableText().trim().toUpperCase().pipe(z.enum(CATEGORIES, { error: (issue) => `"${String(issue.input)}" is not a category` })))
    .min(1, 'needs at least one category')
    .max(CATEGORIES.length)
    .transform((list) => [...new Set(list)]),
  area: text(60).min(1, 'is empty').transform((value, ctx) => {
    const area = normaliseArea(value);
    if (!area) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a postcode district (like M9) or a neighbourhood name` });
      return z.NEVER;
    }
    return area;
  }),
  schedule: text(300).default(''),
  contact: text(300).default(''),
  cost: text(100).default(''),
  accessibility: text(500).default(''),
  lastVerifiedAt: z.coerce.date({ error: 'is not a date (use 2026-11-30)' }).nullable().optional().transform((v) => v ?? null),
});
export type AssetInput = z.input<typeof assetInput>;
export type ValidAsset = z.output<typeof assetInput>;
