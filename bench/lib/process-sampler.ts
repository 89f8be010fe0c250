import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Linux's clock ticks per second for /proc/<pid>/stat times (100 almost everywhere).
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Resident memory in bytes from /proc/<pid>/status, or null once the process has gone. */
export function rssBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** User plus system CPU seconds the process has used so far, or null once it has gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

export interface MemorySampler {
  /** Peak RSS since start, and since the last mark. */
  peakBytes(): number;
  mark(): void;
  peakSinceMarkBytes(): number;
  samples(): number;
  stop(): void;
}

/** Samples a process's RSS every `everyMs` (250 ms by default) and keeps the peaks. */
export function sampleMemory(pid: number, everyMs = 250): MemorySampler {
  let peak = 0;
  let peakSinceMark = 0;
  let count = 0;
  const take = () => {
    const rss = rssBytes(pid);
    if (rss === null) return;
    count += 1;
    peak = Math.max(peak, rss);
    peakSinceMark = Math.max(peakSinceMark, rss);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    peakBytes: () => peak,
    mark: () => { peakSinceMark = rssBytes(pid) ?? 0; },
    peakSinceMarkBytes: () => peakSinceMark,
    samples: () => count,
    stop: () => clearInterval(timer),
  };
}

/** CPU seconds used by each process between `start()` and `stop()`. */
export function cpuMeter(pids: Record<string, number>): { stop(): Record<string, number> } {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid) ?? 0]));
  return {
    stop: () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, round((cpuSeconds(pid) ?? 0) - (before[name] ?? 0), 2)])),
  };
}

export const round = (value: number, places = 1): number => Math.round(value * 10 ** places) / 10 ** places;
