import type { Db, DbTransaction } from '../../db/client';
import { AppError } from '../../lib/errors';
import type { ValidAsset } from './asset-input';

/** An asset is stale when nobody has checked it for this long. */
export const STALE_AFTER_DAYS = 183;

function fields(asset: ValidAsset) {
  return {
    externalId: asset.externalId,
    name: asset.name,
    description: asset.description,
    area: asset.area.area,
    areaKey: asset.area.areaKey,
    schedule: asset.schedule,
    contact: asset.contact,
    cost: asset.cost,
    accessibility: asset.accessibility,
    lastVerifiedAt: asset.lastVerifiedAt,
  };
}

/** Adds an asset, or (same external id, e.g. a re-import) updates it, with its categories, in one transaction. */
export function saveAsset(db: Db, organisationId: string, asset: ValidAsset, assetId?: string) {
  return db.$transaction((tx) => saveAssetIn(tx, organisationId, asset, assetId));
}

async function saveAssetIn(db: DbTransaction, organisationId: string, asset: ValidAsset, assetId?: string) {
  const data = fields(asset);
  const existing = assetId
    ? await db.communityAsset.findFirst({ where: { id: assetId, organisationId } })
    : asset.externalId
      ? await db.communityAsset.findUnique({ where: { organisationId_externalId: { organisationId, externalId: asset.externalId } } })
      : null;
  if (assetId && !existing) throw new AppError('not-found', 'No such community asset in your organisation');
  const saved = existing
    ? await db.communityAsset.update({ where: { id: existing.id }, data })
    : await db.communityAsset.create({ data: { ...data, organisationId } });
  await db.assetCategory.deleteMany({ where: { assetId: saved.id } });
  await db.assetCategory.createMany({ data: asset.categories.map((category) => ({ assetId: saved.id, category })) });
  return { asset: saved, created: !existing };
}

/** Someone checked it is still running: no longer stale, and no longer in need of a check. */
export async function markAssetVerified(db: Db, options: { organisationId: string; assetId: string; at: Date }) {
  const { count } = await db.communityAsset.updateMany({
    where: { id: options.assetId, organisationId: options.organisationId },
    data: { lastVerifiedAt: options.at, needsCheckSince: null, needsCheckReason: null },
  });
  if (count === 0) throw new AppError('not-found', 'No such community asset in your organisation');
}

export function isStale(asset: { lastVerifiedAt: Date | null }, now: Date): boolean {
  return !asset.lastVerifiedAt || now.getTime() - asset.lastVerifiedAt.getTime() > STALE_AFTER_DAYS * 86_400_000;
}
