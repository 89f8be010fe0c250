import type { Db } from '../../db/client';
import { CATEGORIES, type Category } from './asset-input';
import { normaliseArea } from './areas';
import { isStale } from './save-asset';

export interface AssetView {
  id: string;
  externalId: string | null;
  name: string;
  description: string;
  categories: Category[];
  area: string;
  schedule: string;
  contact: string;
  cost: string;
  accessibility: string;
  lastVerifiedAt: Date | null;
  /** Not checked for six months. */
  stale: boolean;
  /** A person said it had closed or nobody answered. */
  needsCheck: { since: Date; reason: string | null } | null;
}

type AssetRow = Awaited<ReturnType<typeof findAssets>>[number];

function findAssets(db: Db, where: object, take: number) {
  return db.communityAsset.findMany({ where, include: { categories: { select: { category: true } } }, orderBy: [{ areaKey: 'asc' }, { name: 'asc' }], take });
}

export function assetView(row: AssetRow, now: Date): AssetView {
  return {
    id: row.id,
    externalId: row.externalId,
    name: row.name,
    description: row.description,
    // In DOMAIN.md's order, so every database lists them alike.
    categories: row.categories.map((c) => c.category as Category).sort((a, b) => CATEGORIES.indexOf(a) - CATEGORIES.indexOf(b)),
    area: row.area,
    schedule: row.schedule,
    contact: row.contact,
    cost: row.cost,
    accessibility: row.accessibility,
    lastVerifiedAt: row.lastVerifiedAt,
    stale: isStale(row, now),
    needsCheck: row.needsCheckSince ? { since: row.needsCheckSince, reason: row.needsCheckReason } : null,
  };
}

/** The organisation's directory, filtered by area, category, or a word in the name. */
export async function listAssets(db: Db, options: { organisationId: string; now: Date; area?: string; category?: Category; search?: string; staleOnly?: boolean; limit?: number }) {
  const area = options.area ? normaliseArea(options.area) : null;
  const rows = await findAssets(db, {
    organisationId: options.organisationId,
    ...(area ? { areaKey: area.areaKey } : {}),
    ...(options.category ? { categories: { some: { category: options.category } } } : {}),
    ...(options.search ? { name: { contains: options.search.trim().slice(0, 100) } } : {}),
  }, Math.min(options.limit ?? 500, 5000));
  const views = rows.map((row) => assetView(row, options.now));
  return options.staleOnly ? views.filter((v) => v.stale || v.needsCheck) : views;
}

/**
 * Assets that might suit something that matters to a person: same category, in their area.
 * Ones needing a check come last, so a coach sees them but is warned.
 */
export async function suggestAssets(db: Db, options: { organisationId: string; category: Category; area: string | null; now: Date }) {
  const area = options.area ? normaliseArea(options.area) : null;
  if (!area) return { area: null, assets: [] as AssetView[] };
  const rows = await findAssets(db, { organisationId: options.organisationId, areaKey: area.areaKey, categories: { some: { category: options.category } } }, 50);
  const views = rows.map((row) => assetView(row, options.now));
  views.sort((a, b) => Number(Boolean(a.needsCheck)) - Number(Boolean(b.needsCheck)));
  return { area: area.area, assets: views };
}
