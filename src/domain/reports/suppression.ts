/**
 * Small-number suppression for tables that leave Lantern. A count from 1 to threshold-1 is
 * shown as "<10" (primary). Then, so no hidden count can be worked out by subtracting the shown
 * ones from a total, every line (a row with its total, a column with its total, and the totals
 * with the grand total) that hides exactly one entry hides one more: the smallest shown non-zero
 * cell, else the total (secondary, shown as "*"). Repeated until no line hides exactly one.
 * Zeros stay shown: "nobody" identifies nobody.
 */

export interface ShownCount {
  /** The true count: for use inside Lantern only, never rendered. */
  readonly value: number;
  /** What may be shown or exported. */
  readonly shown: string;
  readonly hidden: boolean;
}

export interface SuppressedTable {
  cells: ShownCount[][];
  rowTotals: ShownCount[];
  columnTotals: ShownCount[];
  total: ShownCount;
}

export const SECONDARY_MARK = '*';

interface Entry {
  value: number;
  hidden: 'small' | 'secondary' | null;
  isTotal: boolean;
}

export function suppressTable(counts: readonly (readonly number[])[], threshold: number): SuppressedTable {
  const width = counts[0]?.length ?? 0;
  const entry = (value: number, isTotal: boolean): Entry => ({ value, isTotal, hidden: value > 0 && value < threshold ? 'small' : null });
  const cells = counts.map((row) => row.map((v) => entry(v, false)));
  const rowTotals = counts.map((row) => entry(row.reduce((a, b) => a + b, 0), true));
  const columnTotals = Array.from({ length: width }, (_, j) => entry(counts.reduce((sum, row) => sum + (row[j] ?? 0), 0), true));
  const total = entry(rowTotals.reduce((sum, t) => sum + t.value, 0), true);

  const lines: Entry[][] = [
    ...cells.map((row, i) => [...row, rowTotals[i] as Entry]),
    ...Array.from({ length: width }, (_, j) => [...cells.map((row) => row[j] as Entry), columnTotals[j] as Entry]),
    [...rowTotals, total],
    [...columnTotals, total],
  ];
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter((e) => e.hidden).length !== 1) continue;
      const candidates = line.filter((e) => !e.hidden && e.value > 0 && !e.isTotal).sort((a, b) => a.value - b.value);
      const next = candidates[0] ?? line.find((e) => !e.hidden && e.isTotal && e.value > 0);
      if (!next) continue;
      next.hidden = 'secondary';
      changed = true;
    }
  }
  const show = (e: Entry): ShownCount => ({ value: e.value, hidden: e.hidden !== null, shown: e.hidden === 'small' ? `<${threshold}` : e.hidden === 'secondary' ? SECONDARY_MARK : String(e.value) });
  return { cells: cells.map((row) => row.map(show)), rowTotals: rowTotals.map(show), columnTotals: columnTotals.map(show), total: show(total) };
}

/** One count on its own (no totals to subtract from). */
export function suppressCount(value: number, threshold: number): ShownCount {
  const hidden = value > 0 && value < threshold;
  return { value, hidden, shown: hidden ? `<${threshold}` : String(value) };
}
