import type { LoadResult } from '../sms-load';
import type { ProviderResult, ServerFigures } from './sms-run';

// What issue 9 asks of the SMS path at concurrency 64.
export const TARGET = { requestsPerSecond: 1000, p99Ms: 100, rssMiB: 300 };

const num = (n: number) => n.toLocaleString('en-GB');

function loadLine(name: string, figures: ServerFigures): string {
  const l: LoadResult = figures.load;
  const errors = `${l.errors} errors (${l.timeouts} timeouts), ${l.non2xx} non-2xx, ${l.unanswered} unanswered`;
  return `  ${name.padEnd(9)} ${num(l.requestsPerSecond).padStart(6)} req/s  p50 ${l.latencyMs.p50} ms  p95 ${l.latencyMs.p95} ms  p99 ${l.latencyMs.p99} ms  max ${l.latencyMs.max} ms; ${num(l.responses)} responses; ${errors}; peak RSS ${figures.peakRssMiB} MiB (${figures.peakRssDuringLoadMiB} during load)`;
}

/** The figures for one database, and whether they meet the targets. */
export function printProvider(result: ProviderResult): void {
  const { baseline, lantern, ratio } = result;
  const c = lantern.check;
  console.log(`\n${result.provider}`);
  console.log(loadLine('baseline', baseline));
  console.log(loadLine('Lantern', lantern));
  console.log(`  ratio (Lantern / baseline): ${ratio}`);
  const worst = [...lantern.load.bySecond].sort((a, b) => b.max - a.max).slice(0, 3);
  console.log(`  Lantern's slowest seconds of the load (by when the request was sent): ${worst.map((s) => `second ${s.second}: p99 ${s.p99} ms, max ${s.max} ms over ${num(s.responses)}`).join('; ')}`);
  const cpu = Object.entries(lantern.cpuSeconds).map(([name, s]) => `${name} ${s} s`).join(', ');
  console.log(`  CPU during the ${lantern.load.durationSeconds} s load: ${cpu}`);
  const drain = lantern.drainSeconds === null ? 'did not drain in time' : `drained ${lantern.drainSeconds} s after the load`;
  console.log(`  messages: ${num(c.accepted2xx)} accepted (2xx), ${num(c.storedInbound)} stored, ${num(c.answered)} answered, ${num(c.outboundMessages)} outbound, ${num(c.sentByFakeTwilio)} sent to fake Twilio; ${num(c.people)} people; ${drain}`);
  if (lantern.drainSeconds !== null) {
    // From the first webhook (warm-up included) until every text was answered and every reply sent.
    const span = (lantern.warmup?.durationSeconds ?? 0) + lantern.load.durationSeconds + lantern.drainSeconds;
    console.log(`  answering: ${num(Math.round(c.answered / span))} texts/s from the first webhook until the last reply was sent (${num(c.answered)} in ${num(Math.round(span))} s)`);
  }
  console.log(`  stored vs answered vs sent: ${c.verdict}${c.problems.length ? `: ${c.problems.join('; ')}` : ''}`);
  const misses = [
    lantern.load.requestsPerSecond < TARGET.requestsPerSecond ? `${num(lantern.load.requestsPerSecond)} req/s < ${num(TARGET.requestsPerSecond)}` : null,
    lantern.load.latencyMs.p99 >= TARGET.p99Ms ? `p99 ${lantern.load.latencyMs.p99} ms >= ${TARGET.p99Ms} ms` : null,
    lantern.load.errors + lantern.load.non2xx > 0 ? 'errors' : null,
    lantern.peakRssMiB >= TARGET.rssMiB ? `RSS ${lantern.peakRssMiB} MiB >= ${TARGET.rssMiB} MiB` : null,
  ].filter(Boolean);
  console.log(`  target (>= 1,000 req/s, p99 < 100 ms, no errors, RSS < 300 MiB): ${misses.length ? `missed: ${misses.join(', ')}` : 'met'}`);
}
