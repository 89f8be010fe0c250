import type { Db } from '../../db/client';
import { normaliseArea } from '../assets/areas';
import { CATEGORIES, type Category } from '../assets/asset-input';
import { suppressTable, type ShownCount, type SuppressedTable } from './suppression';

/** Where people who gave no area, or an area no asset or postcode district names, are counted. */
export const ELSEWHERE = 'Area not given or elsewhere';

export interface NeighbourhoodReport {
  from: Date;
  to: Date;
  threshold: number;
  areas: string[];
  categories: Category[];
  /** People with something that matters in each category, by area. */
  needs: SuppressedTable;
  /** Of them, people connected to an asset (they tried it, stuck with it, or it didn't work). */
  connected: SuppressedTable;
  /** Assets in each area and category: public information, not suppressed. */
  assets: number[][];
  /** Needs with no asset for them in the area (that is not awaiting a check). */
  gaps: Array<{ area: string; category: Category; people: ShownCount }>;
}

/**
 * What people want, neighbourhood by neighbourhood, against what exists. Counts are of people,
 * never items; no free text appears; every count passes through small-number suppression. An
 * area is shown only if it is a postcode district or an asset's area, so nothing typed by one
 * person can become a row label.
 */
export async function neighbourhoodReport(db: Db, options: { organisationId: string; from: Date; to: Date; threshold: number }): Promise<NeighbourhoodReport> {
  const [items, connections, assets] = await Promise.all([
    db.whatMattersItem.findMany({
      where: { person: { organisationId: options.organisationId }, createdAt: { gte: options.from, lt: options.to } },
      select: { personId: true, category: true, person: { select: { area: true } } },
    }),
    db.connection.findMany({
      where: { person: { organisationId: options.organisationId }, status: { not: 'SUGGESTED' }, createdAt: { lt: options.to } },
      select: { personId: true, whatMatters: { select: { category: true } }, asset: { select: { categories: { select: { category: true } } } } },
    }),
    db.communityAsset.findMany({ where: { organisationId: options.organisationId }, select: { area: true, areaKey: true, needsCheckSince: true, categories: { select: { category: true } } } }),
  ]);

  const assetAreas = new Map(assets.map((a) => [a.areaKey, a.area]));
  const areaOf = (raw: string | null): string => {
    const area = normaliseArea(raw);
    if (!area) return ELSEWHERE;
    if (assetAreas.has(area.areaKey)) return assetAreas.get(area.areaKey) as string;
    return /^[A-Z]{1,2}\d[A-Z\d]?$/.test(area.areaKey) ? area.areaKey : ELSEWHERE;
  };

  const needs = new Map<string, Set<string>>();
  const personArea = new Map<string, string>();
  for (const item of items) {
    const area = areaOf(item.person.area);
    personArea.set(item.personId, area);
    const key = `${area}|${item.category}`;
    (needs.get(key) ?? needs.set(key, new Set()).get(key))!.add(item.personId);
  }
  const connectedPeople = new Map<string, Set<string>>();
  for (const c of connections) {
    const categories = c.whatMatters ? [c.whatMatters.category] : c.asset.categories.map((x) => x.category);
    for (const category of categories) (connectedPeople.get(category) ?? connectedPeople.set(category, new Set()).get(category))!.add(c.personId);
  }

  const areas = [...new Set([...personArea.values(), ...assets.map((a) => a.area)])].sort((a, b) => (a === ELSEWHERE ? 1 : b === ELSEWHERE ? -1 : a.localeCompare(b, 'en-GB', { numeric: true })));
  const used = new Set(items.map((i) => i.category as Category));
  const categories = CATEGORIES.filter((c) => used.has(c));
  const needCounts = areas.map((area) => categories.map((category) => needs.get(`${area}|${category}`)?.size ?? 0));
  const connectedCounts = areas.map((area) => categories.map((category) => {
    const people = needs.get(`${area}|${category}`);
    const connected = connectedPeople.get(category);
    return people && connected ? [...people].filter((p) => connected.has(p)).length : 0;
  }));
  const assetCounts = areas.map((area) => categories.map((category) => assets.filter((a) => a.area === area && a.categories.some((c) => c.category === category)).length));
  const usableAssets = areas.map((area) => categories.map((category) => assets.filter((a) => a.area === area && !a.needsCheckSince && a.categories.some((c) => c.category === category)).length));

  const needsTable = suppressTable(needCounts, options.threshold);
  const gaps: NeighbourhoodReport['gaps'] = [];
  areas.forEach((area, i) => {
    if (area === ELSEWHERE) return;
    categories.forEach((category, j) => {
      const people = needsTable.cells[i]?.[j];
      if (people && people.value > 0 && (usableAssets[i]?.[j] ?? 0) === 0) gaps.push({ area, category, people });
    });
  });
  return {
    from: options.from,
    to: options.to,
    threshold: options.threshold,
    areas,
    categories,
    needs: needsTable,
    connected: suppressTable(connectedCounts, options.threshold),
    assets: assetCounts,
    gaps,
  };
}

/** The report for people outside Lantern: the shown strings only, never the true counts. */
export function publicReport(report: NeighbourhoodReport) {
  const strip = (table: SuppressedTable) => ({
    cells: table.cells.map((row) => row.map((c) => c.shown)),
    rowTotals: table.rowTotals.map((c) => c.shown),
    columnTotals: table.columnTotals.map((c) => c.shown),
    total: table.total.shown,
  });
  return {
    from: report.from,
    to: report.to,
    threshold: report.threshold,
    areas: report.areas,
    categories: report.categories,
    needs: strip(report.needs),
    connected: strip(report.connected),
    assets: report.assets,
    gaps: report.gaps.map((g) => ({ area: g.area, category: g.category, people: g.people.shown })),
  };
}

/** CSV, one row per area and category: counts only, suppressed. */
export function reportCsv(report: NeighbourhoodReport): string {
  const lines = ['area,category,people for whom it matters,connected to an asset,assets,gap'];
  const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  report.areas.forEach((area, i) => {
    report.categories.forEach((category, j) => {
      const need = report.needs.cells[i]?.[j] as ShownCount;
      const gap = report.gaps.some((g) => g.area === area && g.category === category);
      lines.push([quote(area), category, need.shown, report.connected.cells[i]?.[j]?.shown ?? '0', String(report.assets[i]?.[j] ?? 0), gap ? 'yes' : 'no'].join(','));
    });
  });
  return `${lines.join('\r\n')}\r\n`;
}
