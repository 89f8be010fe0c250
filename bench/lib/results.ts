// One bench run on one database, written to bench/results/ as JSON: a file per run, named for
// the time it finished, and the same figures again as <benchmark>-<provider>-latest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Provider } from './bench-database';
import type { Machine } from './machine';
import { PROJECT_ROOT } from './processes';

// Other work on the machine skews the figures: the 1-minute load average before and after says whether there was any.
export type LoadAverage = { before: number; after: number };

/** The 1-minute load average now; call the answer when the run is over for before and after. */
export function loadAverageFromNow(): () => LoadAverage {
  const before = os.loadavg()[0] ?? 0;
  return () => ({ before: Math.round(before * 100) / 100, after: Math.round((os.loadavg()[0] ?? 0) * 100) / 100 });
}

export interface BenchResult {
  benchmark: 'sms' | 'inbox' | 'scheduler';
  machine: Machine;
  loadAverage: LoadAverage;
  /** As they should be read back: without this machine's temporary folders. */
  settings: object;
  target?: object;
  result: { provider: Provider };
  /**
   * Goes into the file name before the time (`profiled-`, `experiment-…-`). Such a run is not
   * comparable with a real one (the profiler slows it, the experiment changes the schema): it
   * never becomes the latest figures.
   */
  variant: string;
  finishedAt: Date;
}

/** Writes the run's file (and the latest figures, unless it is a variant); the file's path from the project root. */
export function writeResult({ benchmark, machine, loadAverage, settings, target, result, variant, finishedAt }: BenchResult): string {
  const folder = path.join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  const stamp = finishedAt.toISOString().replace(/[:.]/g, '-');
  const document = { benchmark, finishedAt: finishedAt.toISOString(), machine, loadAverage, settings, ...(target ? { target } : {}), ...result };
  const json = `${JSON.stringify(document, null, 2)}\n`;
  const file = path.join(folder, `${benchmark}-${result.provider}-${variant}${stamp}.json`);
  writeFileSync(file, json);
  if (!variant) writeFileSync(path.join(folder, `${benchmark}-${result.provider}-latest.json`), json);
  return path.relative(PROJECT_ROOT, file);
}
