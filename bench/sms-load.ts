// The load generator, run in its own process by bench/sms-bench.ts: autocannon at fixed
// concurrency, each request a freshly signed Twilio inbound webhook with its own MessageSid.
// Writes a JSON summary and the MessageSids that got a 2xx (to check against the database).
import { writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { webhookFactory, type WebhookSettings } from './lib/twilio-webhooks';

export interface LoadSettings extends WebhookSettings {
  /** Where to send the requests (the server under test); the signature is for `signedUrl`. */
  targetUrl: string;
  connections: number;
  durationSeconds: number;
  /** A request still unanswered this long is counted as an error (a timeout). */
  timeoutSeconds: number;
  resultFile: string;
  acceptedSidsFile: string;
}

export interface LoadResult {
  durationSeconds: number;
  sent: number;
  responses: number;
  status2xx: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** Requests sent whose answer never came (timed out, connection dropped, or cut off by the hard stop). */
  unanswered: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** Responses by the second their request was sent in (from the first request): where in the run the tail was. */
  bySecond: Array<{ second: number; responses: number; p99: number; max: number }>;
  loadCpuSeconds: number;
}

// After the planned duration each connection finishes the request it has in flight and then
// stops, so every request sent is answered and counted. Autocannon's own duration (which
// drops in-flight requests) is kept only as a hard stop this long after.
const HARD_STOP_AFTER_SECONDS = 15;

type AutocannonClient = autocannon.Client & { reqsMade: number; responseMax?: number };
type SidContext = { sid?: string };

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '') as LoadSettings;
  const next = webhookFactory(settings);
  const accepted: string[] = [];
  const statusCodes: Record<string, number> = {};
  const latencies: number[] = [];
  const latenciesBySecond: number[][] = [];
  const clients: AutocannonClient[] = [];
  let sent = 0;
  let firstSentAt = 0;
  let lastAnsweredAt = 0;
  const target = new URL(settings.targetUrl);
  const cpuBefore = process.cpuUsage();

  let finished!: (result: autocannon.Result) => void;
  let failed!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => { finished = resolve; failed = reject; });
  const instance = autocannon({
    url: target.origin,
    connections: settings.connections,
    pipelining: 1,
    duration: settings.durationSeconds + HARD_STOP_AFTER_SECONDS,
    timeout: settings.timeoutSeconds,
    setupClient: (client) => { clients.push(client as AutocannonClient); },
    requests: [{
      method: 'POST',
      path: target.pathname,
      setupRequest: (request, context) => {
        const webhook = next();
        if (sent === 0) firstSentAt = performance.now();
        sent += 1;
        (context as SidContext).sid = webhook.messageSid;
        return {
          ...request,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': webhook.signature },
          body: webhook.form,
        };
      },
      onResponse: (status, _body, context) => {
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        const sid = (context as SidContext).sid;
        if (status >= 200 && status < 300 && sid) accepted.push(sid);
      },
    }],
  }, (error, result) => (error ? failed(error) : finished(result)));
  instance.on('response', (_client, _status, _bytes, responseTime) => {
    latencies.push(responseTime);
    lastAnsweredAt = performance.now();
    const second = Math.max(0, Math.floor((lastAnsweredAt - responseTime - firstSentAt) / 1000));
    (latenciesBySecond[second] ??= []).push(responseTime);
  });
  const drainTimer = setTimeout(() => {
    // responseMax = requests made: the client stops after answering the one in flight.
    for (const client of clients) client.responseMax = Math.max(1, client.reqsMade);
  }, settings.durationSeconds * 1000);

  const result = await done;
  clearTimeout(drainTimer);
  const cpu = process.cpuUsage(cpuBefore);
  const responses = latencies.length;
  // Autocannon rounds its duration up to its next one-second tick; this is the span of the traffic.
  const seconds = Math.max(0.001, (lastAnsweredAt - firstSentAt) / 1000);
  const summary: LoadResult = {
    durationSeconds: round2(seconds),
    sent,
    responses,
    status2xx: result['2xx'],
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
    unanswered: sent - responses,
    requestsPerSecond: Math.round(responses / seconds),
    latencyMs: percentiles(latencies),
    bySecond: Array.from(latenciesBySecond, (values = [], second) => {
      const { p99, max } = percentiles(values);
      return { second, responses: values.length, p99, max };
    }),
    loadCpuSeconds: Math.round((cpu.user + cpu.system) / 10_000) / 100,
  };
  writeFileSync(settings.acceptedSidsFile, accepted.join('\n'));
  writeFileSync(settings.resultFile, JSON.stringify(summary, null, 2));
}

function percentiles(values: number[]): LoadResult['latencyMs'] {
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => (sorted.length === 0 ? 0 : round2(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0));
  const mean = sorted.length === 0 ? 0 : sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return { p50: at(50), p95: at(95), p99: at(99), max: at(100), mean: round2(mean) };
}

const round2 = (value: number) => Math.round(value * 100) / 100;

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
