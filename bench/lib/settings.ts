// The benches' settings from environment variables. A bad value stops the bench before it
// starts anything, with the variable, what it allows and what it was given.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Provider } from './bench-database';

/** A whole number from `min` to `max`; `fallback` when the variable is unset or empty. */
export function integerSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return value;
}

/** BENCH_DATABASES: which databases to run on, in order (both by default). */
export function databasesSetting(): Provider[] {
  const providers = (process.env.BENCH_DATABASES ?? 'sqlite,postgresql').split(',').map((p) => p.trim()).filter(Boolean);
  for (const p of providers) if (p !== 'sqlite' && p !== 'postgresql') throw new Error(`BENCH_DATABASES: unknown database ${JSON.stringify(p)} (sqlite, postgresql)`);
  return providers as Provider[];
}

/** BENCH_SERVER: `built` (the compiled JavaScript, the default) or `tsx` (the TypeScript through tsx). */
export function serverSetting(): 'built' | 'tsx' {
  const value = process.env.BENCH_SERVER ?? 'built';
  if (value !== 'built' && value !== 'tsx') throw new Error(`BENCH_SERVER must be built or tsx (got ${JSON.stringify(value)})`);
  return value;
}

/** BENCH_NODE_OPTIONS: Node options for the Lantern server, `fallback` when unset. */
export function nodeOptionsSetting(fallback: string): string[] {
  return (process.env.BENCH_NODE_OPTIONS ?? fallback).split(/\s+/).filter(Boolean);
}

/** BENCH_CPU_PROFILE=1: a fresh folder for the server's CPU profiles; otherwise null. */
export function cpuProfileSetting(): string | null {
  return process.env.BENCH_CPU_PROFILE === '1' ? mkdtempSync(path.join(os.tmpdir(), 'lantern-cpu-profile-')) : null;
}
