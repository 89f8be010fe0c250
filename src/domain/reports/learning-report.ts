import { stringify } from 'csv-stringify/sync';
import type { Barrier, Db } from '../../db/client';
import { spreadsheetSafe } from '../assets/asset-csv';
import { BARRIERS } from '../assets/what-didnt-work';
import { suppressTable, type SuppressedTable } from './suppression';

/** The row for services named too rarely to show, and for entries whose asset was removed. */
export const OTHER_SERVICES = 'Other services';

export interface LearningReport {
  from: Date;
  to: Date;
  threshold: number;
  /** Row labels, alphabetical (never by size, which would rank the hidden counts), "Other services" last. */
  services: string[];
  /** Only the barriers that occur, in the order of the Barrier enum. */
  barriers: Barrier[];
  /**
   * People for whom each barrier got in the way at each service (see `subjectOf`). There is
   * deliberately no column of different people per service: for a service with one barrier it
   * equals that barrier's cell, so it would undo the cell's suppression (and with it a column's).
   */
  counts: SuppressedTable;
}

interface Entry {
  id: string;
  personId: string | null;
  barrier: Barrier;
  serviceName: string | null;
  asset: { id: string; name: string; area: string } | null;
}

interface Row {
  label: string;
  asset: { area: string } | null;
  entries: Entry[];
}

/** How a typed service name is compared: trimmed, any case, single spaces. */
export const serviceKey = (name: string) => tidy(name).toLocaleLowerCase('en-GB');
const tidy = (name: string) => name.trim().replace(/\s+/g, ' ');

/**
 * Who an entry is about. Counts are of people, not of how often a coach wrote something up:
 * the same barrier at the same service for the same person counts once. An entry with no person
 * recorded counts as one person of its own.
 */
const subjectOf = (e: Entry) => e.personId ?? `entry:${e.id}`;

/**
 * What didn't work, by service and barrier, to feed back to local services. Only the service,
 * barrier and person are read: the coach's note never reaches this code, so it cannot leak.
 */
export async function learningReport(db: Db, options: { organisationId: string; from: Date; to: Date; threshold: number }): Promise<LearningReport> {
  const entries: Entry[] = await db.whatDidntWork.findMany({
    where: { organisationId: options.organisationId, createdAt: { gte: options.from, lt: options.to } },
    select: { id: true, personId: true, barrier: true, serviceName: true, asset: { select: { id: true, name: true, area: true } } },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const rows = groupByService(entries, options.threshold);
  const occurring = new Set(entries.map((e) => e.barrier));
  const barriers = BARRIERS.filter((b) => occurring.has(b));
  const counts = rows.map((row) => barriers.map((barrier) => new Set(row.entries.filter((e) => e.barrier === barrier).map(subjectOf)).size));
  return {
    from: options.from,
    to: options.to,
    threshold: options.threshold,
    services: rows.map((r) => r.label),
    barriers,
    counts: suppressTable(counts, options.threshold),
  };
}

/**
 * One row per asset, and one per typed service name (in its most common spelling). A typed name
 * said for fewer than `threshold` people joins "Other services" before suppression: it is free
 * text, and a name typed for one or two people ("her son's school", a person's own carer) can
 * identify them, so a typed name is shown only once enough people share it. Assets keep their
 * own rows however few: their names are the organisation's public directory, and "this group
 * wasn't welcoming" is exactly the feedback the report exists to give them (their counts are
 * still suppressed like any other).
 */
function groupByService(entries: readonly Entry[], threshold: number): Row[] {
  const assets = new Map<string, Row>();
  const named = new Map<string, { spellings: Map<string, number>; entries: Entry[] }>();
  const other: Entry[] = [];
  for (const e of entries) {
    if (e.asset) {
      const row = assets.get(e.asset.id) ?? assets.set(e.asset.id, { label: e.asset.name, asset: { area: e.asset.area }, entries: [] }).get(e.asset.id)!;
      row.entries.push(e);
    } else if (e.serviceName) {
      const key = serviceKey(e.serviceName);
      const group = named.get(key) ?? named.set(key, { spellings: new Map(), entries: [] }).get(key)!;
      group.spellings.set(tidy(e.serviceName), (group.spellings.get(tidy(e.serviceName)) ?? 0) + 1);
      group.entries.push(e);
    } else {
      other.push(e); // its asset was removed from the directory since
    }
  }
  const rows: Row[] = [...assets.values()];
  for (const [key, group] of named) {
    if (key === serviceKey(OTHER_SERVICES) || new Set(group.entries.map(subjectOf)).size < threshold) other.push(...group.entries);
    else rows.push({ label: mostCommon(group.spellings), asset: null, entries: group.entries });
  }
  const labelUses = new Map<string, number>(other.length > 0 ? [[serviceKey(OTHER_SERVICES), 1]] : []);
  for (const r of rows) labelUses.set(serviceKey(r.label), (labelUses.get(serviceKey(r.label)) ?? 0) + 1);
  // Two assets called "Walking group", or an asset and a typed name alike: say which asset.
  for (const r of rows) if (r.asset && (labelUses.get(serviceKey(r.label)) ?? 0) > 1) r.label = `${r.label} (${r.asset.area})`;
  rows.sort((a, b) => a.label.localeCompare(b.label, 'en-GB', { sensitivity: 'base', numeric: true }));
  if (other.length > 0) rows.push({ label: OTHER_SERVICES, asset: null, entries: other });
  return rows;
}

/** The spelling used most; on a tie, the one written first. */
function mostCommon(spellings: Map<string, number>): string {
  let best = '';
  let most = 0;
  for (const [spelling, uses] of spellings) if (uses > most) [best, most] = [spelling, uses];
  return best;
}

/** The report for people outside Lantern: the shown strings only, never the true counts. */
export function publicLearningReport(report: LearningReport) {
  return {
    from: report.from,
    to: report.to,
    threshold: report.threshold,
    services: report.services,
    barriers: report.barriers,
    counts: {
      cells: report.counts.cells.map((row) => row.map((c) => c.shown)),
      rowTotals: report.counts.rowTotals.map((c) => c.shown),
      columnTotals: report.counts.columnTotals.map((c) => c.shown),
      total: report.counts.total.shown,
    },
  };
}

/** CSV, one row per service and barrier: suppressed counts, service names kept as text by spreadsheets. */
export function learningReportCsv(report: LearningReport): string {
  const rows = report.services.flatMap((service, i) => report.barriers.map((barrier, j) => [spreadsheetSafe(service), barrier, report.counts.cells[i]?.[j]?.shown ?? '0']));
  return stringify([['service', 'barrier', 'count'], ...rows], { record_delimiter: 'windows' });
}
