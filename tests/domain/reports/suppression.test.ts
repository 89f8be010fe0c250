import { SECONDARY_MARK, suppressTable, type SuppressedTable } from '../../../src/domain/reports/suppression';

const THRESHOLD = 10;

/** A small deterministic random source, so a failure can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Every line of the table as a reader sees it: its entries, the last being the line's total. */
function lines(table: SuppressedTable) {
  const width = table.columnTotals.length;
  return [
    ...table.cells.map((row, i) => [...row, table.rowTotals[i]!]),
    ...Array.from({ length: width }, (_, j) => [...table.cells.map((row) => row[j]!), table.columnTotals[j]!]),
    [...table.rowTotals, table.total],
    [...table.columnTotals, table.total],
  ];
}

function everyEntry(table: SuppressedTable) {
  return [...table.cells.flat(), ...table.rowTotals, ...table.columnTotals, table.total];
}

describe('small-number suppression', () => {
  it('shows 1 to 9 as "<10", zeros and counts of 10 upwards as they are', () => {
    const table = suppressTable([[0, 9, 25], [0, 12, 40]], THRESHOLD);
    expect(table.cells.map((row) => row.map((c) => c.shown))).toEqual([['0', '<10', SECONDARY_MARK], ['0', SECONDARY_MARK, '*']]);
    expect(table.columnTotals.map((c) => c.shown)).toEqual(['0', '21', '65']);
    expect(table.total.shown).toBe('86');
  });

  it('hides a second entry so a lone small count cannot be worked out from its total', () => {
    // 3 + 20 = 23: with 23 and 20 shown, the 3 would be plain. So 20 is held back too.
    const table = suppressTable([[3, 20], [15, 30]], THRESHOLD);
    expect(table.cells.map((row) => row.map((c) => c.shown))).toEqual([['<10', SECONDARY_MARK], [SECONDARY_MARK, '*']]);
    for (const line of lines(table)) expect(line.filter((e) => e.hidden).length).not.toBe(1);
  });

  it('on 2,000 random tables, never shows a count under the threshold, nor lets one be subtracted out', () => {
    const next = random(20261202);
    for (let round = 0; round < 2000; round++) {
      const rows = 1 + Math.floor(next() * 6);
      const columns = 1 + Math.floor(next() * 6);
      const counts = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (next() < 0.3 ? 0 : next() < 0.5 ? 1 + Math.floor(next() * 9) : Math.floor(next() * 60))));
      const table = suppressTable(counts, THRESHOLD);
      for (const entry of everyEntry(table)) {
        // Nothing from 1 to 9 is ever printed as a number.
        if (entry.value > 0 && entry.value < THRESHOLD) expect(entry.hidden).toBe(true);
        if (!entry.hidden) expect(entry.shown).toBe(String(entry.value));
        else expect(entry.shown === `<${THRESHOLD}` || entry.shown === SECONDARY_MARK).toBe(true);
      }
      for (const line of lines(table)) {
        const hidden = line.filter((e) => e.hidden);
        // One unknown in a line with its total is the unknown: there are none or at least two.
        expect([counts, hidden.length === 1]).toEqual([counts, false]);
      }
    }
  });
});
