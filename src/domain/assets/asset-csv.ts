import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/client';
import { AppError } from '../../lib/errors';
import { assetInput } from './asset-input';
import type { AssetView } from './list-assets';
import { saveAsset } from './save-asset';

// The columns of Lantern's asset CSV, in order. Headers are matched loosely ("Last verified",
// "last_verified"), so a spreadsheet someone typed by hand still imports.
export const ASSET_CSV_COLUMNS = ['name', 'description', 'categories', 'area', 'schedule', 'contact', 'cost', 'accessibility', 'last_verified', 'external_id'] as const;
type Column = (typeof ASSET_CSV_COLUMNS)[number];

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 20_000;

export interface ImportProblem {
  /** The line in the file (the header is line 1). */
  line: number;
  problems: string[];
}

export interface ImportResult {
  created: number;
  updated: number;
  rejected: ImportProblem[];
}

const headerKey = (text: string) => text.trim().toLowerCase().replace(/[^a-z]+/g, '_').replace(/^_|_$/g, '');

/** "Passions and interests", "passions_and_interests" or "PASSIONS_AND_INTERESTS" → the category. */
export function categoryFromName(text: string): string {
  return text.trim().toUpperCase().replace(/[^A-Z]+/g, '_').replace(/^_|_$/g, '');
}

/**
 * Imports assets row by row: a good row is saved (a row with a known external id updates that
 * asset), a bad one is reported with its line number and what was wrong, and the rest carry on.
 */
export async function importAssetsCsv(db: Db, options: { organisationId: string; csv: string }): Promise<ImportResult> {
  if (Buffer.byteLength(options.csv, 'utf8') > MAX_IMPORT_BYTES) throw new AppError('bad-request', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(options.csv, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true, max_record_size: 20_000 }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AppError('bad-request', `The file is not CSV that can be read${line ? ` (line ${line})` : ''}: ${(error as Error).message.split('\n')[0]}`);
  }
  const [header, ...rows] = records;
  if (!header) throw new AppError('bad-request', 'The file is empty');
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError('bad-request', `The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} can be imported at once`);
  const columns = header.record.map(headerKey);
  const missing = (['name', 'categories', 'area'] as Column[]).filter((c) => !columns.includes(c));
  if (missing.length) throw new AppError('bad-request', `The header row needs these columns: ${missing.join(', ')} (it has: ${columns.join(', ') || 'none'})`);

  // A re-import that leaves out a column keeps what the asset already had in it.
  const known = new Map(
    (await db.communityAsset.findMany({ where: { organisationId: options.organisationId, externalId: { not: null } }, include: { categories: true } }))
      .map((a) => [a.externalId as string, a]),
  );
  const result: ImportResult = { created: 0, updated: 0, rejected: [] };
  for (const { record, info } of rows) {
    const existing = columns.includes('external_id') ? known.get(record[columns.indexOf('external_id')] ?? '') : undefined;
    const value = (column: Column): string => {
      if (columns.includes(column)) return record[columns.indexOf(column)] ?? '';
      if (!existing) return '';
      if (column === 'categories') return existing.categories.map((c) => c.category).join(';');
      if (column === 'last_verified') return existing.lastVerifiedAt?.toISOString() ?? '';
      const field = { name: 'name', description: 'description', area: 'area', schedule: 'schedule', contact: 'contact', cost: 'cost', accessibility: 'accessibility' } as const;
      return column in field ? existing[field[column as keyof typeof field]] : '';
    };
    const parsed = assetInput.safeParse({
      externalId: value('external_id'),
      name: value('name'),
      description: value('description'),
      categories: value('categories').split(/[;|,]/).map(categoryFromName).filter(Boolean),
      area: value('area'),
      schedule: value('schedule'),
      contact: value('contact'),
      cost: value('cost'),
      accessibility: value('accessibility'),
      lastVerifiedAt: value('last_verified') || null,
    });
    if (!parsed.success) {
      result.rejected.push({ line: info.lines, problems: parsed.error.issues.map((issue) => `${issue.path[0] === 'lastVerifiedAt' ? 'last_verified' : String(issue.path[0] ?? 'row')}: ${issue.message}`) });
      continue;
    }
    const { created } = await saveAsset(db, options.organisationId, parsed.data);
    if (created) result.created += 1;
    else result.updated += 1;
  }
  return result;
}

/** A cell a spreadsheet would run as a formula ("=HYPERLINK(…)") is kept as text. */
export function spreadsheetSafe(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** The directory as CSV, in the same columns the import reads. */
export function assetsCsv(assets: readonly AssetView[]): string {
  return stringify([
    [...ASSET_CSV_COLUMNS],
    ...assets.map((a) => [a.name, a.description, a.categories.join(';'), a.area, a.schedule, a.contact, a.cost, a.accessibility, a.lastVerifiedAt ? a.lastVerifiedAt.toISOString().slice(0, 10) : '', a.externalId ?? ''].map(spreadsheetSafe)),
  ], { record_delimiter: 'windows' });
}
