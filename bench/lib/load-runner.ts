import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadResult, LoadSettings } from '../sms-load';
import { PROJECT_ROOT, startTs, stopProcess } from './processes';

export interface LoadRun {
  result: LoadResult;
  /** MessageSids whose webhook was answered with a 2xx. */
  acceptedSids: string[];
  pid: number;
}

// Bounds a load process that hangs: its own hard stop comes 15 s after the planned duration.
const LOAD_PROCESS_SLACK_MS = 45_000;

/** Runs bench/sms-load.ts in its own process and returns what it measured. */
export async function runLoad(settings: Omit<LoadSettings, 'resultFile' | 'acceptedSidsFile'>, workDir: string, label: string): Promise<LoadRun> {
  const files = {
    resultFile: path.join(workDir, `${label}-result.json`),
    acceptedSidsFile: path.join(workDir, `${label}-accepted.txt`),
  };
  const load = startTs(path.join(PROJECT_ROOT, 'bench', 'sms-load.ts'), {
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    logFile: path.join(workDir, `${label}-load.log`),
    args: [JSON.stringify({ ...settings, ...files })],
  });
  const timer = setTimeout(() => { void stopProcess(load, 2_000); }, settings.durationSeconds * 1000 + LOAD_PROCESS_SLACK_MS);
  const code = await load.exited;
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the load generator (${label}) exited with ${code}: ${readFileSync(load.logFile, 'utf8').slice(-2000)}`);
  const result = JSON.parse(readFileSync(files.resultFile, 'utf8')) as LoadResult;
  const accepted = readFileSync(files.acceptedSidsFile, 'utf8');
  return { result, acceptedSids: accepted ? accepted.split('\n') : [], pid: load.pid };
}
