// Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. BENCH_CPU_PROFILE=1 npm run bench:sms):
// self time by function and by package or source folder, and total (inclusive) time of the
// project's own functions. Usage: tsx scripts/bench-profile-summary.ts <file.cpuprofile> [top=25] [from-s] [to-s]
// from-s and to-s keep only the samples in that window (seconds after the profile began), so the
// load can be told apart from start-up and the drain; `seconds` as the top prints busy/GC/idle per second.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const [file, topArg, fromArg, toArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx scripts/bench-profile-summary.ts <file.cpuprofile> [top|seconds] [from-s] [to-s]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const sampleSeconds: number[] = [];
profile.timeDeltas.reduce((at, delta) => (sampleSeconds.push((at + delta) / 1e6), at + delta), 0);

if (topArg === 'seconds') {
  const perSecond: Array<{ busy: number; gc: number; idle: number }> = [];
  profile.samples.forEach((id, i) => {
    const second = Math.floor(sampleSeconds[i] ?? 0);
    const row = (perSecond[second] ??= { busy: 0, gc: 0, idle: 0 });
    const name = byId.get(id)?.callFrame.functionName;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (name === '(idle)') row.idle += ms;
    else if (name === '(garbage collector)') row.gc += ms;
    else row.busy += ms;
  });
  console.log('second  busy ms  GC ms  idle ms');
  perSecond.forEach((row, second) => console.log(`${String(second).padStart(6)} ${row.busy.toFixed(0).padStart(8)} ${row.gc.toFixed(0).padStart(6)} ${row.idle.toFixed(0).padStart(8)}`));
  process.exit(0);
}
const top = Number(topArg ?? 25);
const from = Number(fromArg ?? 0);
const to = Number(toArg ?? Infinity);
const parent = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  const at = sampleSeconds[i] ?? 0;
  if (at >= from && at < to) selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
const totalMs = [...selfMs.values()].reduce((a, b) => a + b, 0);

/** "node_modules/@prisma/client" → "@prisma/client"; "/src/messaging/x.ts" → "src/messaging". */
function place(url: string): string {
  if (!url) return '(native/V8)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  const own = /\/((?:src|dialogs|bench|tests)\/.*)$/.exec(url);
  if (own?.[1]) return own[1];
  if (url.startsWith('node:')) return 'node internals';
  return url;
}
/** A package, or the project's top folder and first subfolder (src/messaging). */
function packageOf(url: string): string {
  const where = place(url);
  return /^(src|dialogs|bench|tests)\//.test(where) ? where.split('/').slice(0, where.startsWith('src/') ? 2 : 1).join('/').replace(/\.ts$/, '') : where;
}
const label = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${place(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`;

function table(title: string, entries: Map<string, number>): void {
  console.log(`\n${title}`);
  for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(ms / 1000).toFixed(2).padStart(8)} s ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${name}`);
  }
}

const selfByFunction = new Map<string, number>();
const selfByPlace = new Map<string, number>();
const inclusiveOwn = new Map<string, number>();
const inclusiveByPackage = new Map<string, number>();
const byLayer = new Map<string, number>();

// Layers of the service; a native or Node-internal frame is charged to the nearest caller that has one.
const LAYERS: Array<[RegExp, string]> = [
  [/^(@prisma\/|better-sqlite3|pg$|pg-|src\/db)/, 'database (Prisma client, driver adapter, SQLite/pg)'],
  [/^(botbuilder|botframework|@microsoft\/recognizers|dialogs|src\/bot|src\/understanding|src\/domain)/, 'bot turn (Bot Framework, dialogs, understanding, domain)'],
  [/^(twilio|axios|follow-redirects|form-data|src\/channels\/twilio-sms\/twilio-)/, 'Twilio SDK (outbound sends)'],
  [/^(restify|find-my-way|src\/api|src\/app|src\/channels)/, 'HTTP: restify and the webhook route'],
  [/^(src\/messaging)/, 'messaging (outbox, timeline)'],
  [/^(libphonenumber-js|zod|pino|src\/lib)/, 'helpers (phone numbers, zod, pino, mutex)'],
  [/^tsx$/, 'tsx loader (start-up)'],
];
function layerOf(id: number): string {
  const leaf = byId.get(id);
  if (leaf?.callFrame.functionName === '(garbage collector)') return '(garbage collector)';
  if (leaf?.callFrame.functionName === '(idle)') return '(idle)';
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at);
    if (!frame) break;
    const where = packageOf(frame.callFrame.url);
    for (const [pattern, layer] of LAYERS) if (pattern.test(where)) return layer;
  }
  return '(other: Node internals, timers, program)';
}
for (const [id, ms] of selfMs) {
  const node = byId.get(id);
  if (!node) continue;
  selfByFunction.set(label(node), (selfByFunction.get(label(node)) ?? 0) + ms);
  const where = node.callFrame.functionName === '(garbage collector)' ? '(garbage collector)' : place(node.callFrame.url);
  selfByPlace.set(where, (selfByPlace.get(where) ?? 0) + ms);
  // Inclusive time of the project's own functions: each sample counts once per function on its stack.
  const seen = new Set<string>();
  const packages = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at);
    if (frame) packages.add(packageOf(frame.callFrame.url));
    if (!frame || !/\/(src|dialogs)\//.test(frame.callFrame.url) || /node_modules/.test(frame.callFrame.url)) continue;
    const name = label(frame);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusiveOwn.set(name, (inclusiveOwn.get(name) ?? 0) + ms);
  }
  byLayer.set(layerOf(id), (byLayer.get(layerOf(id)) ?? 0) + ms);
  for (const name of packages) inclusiveByPackage.set(name, (inclusiveByPackage.get(name) ?? 0) + ms);
}

console.log(`${file}: ${(totalMs / 1000).toFixed(1)} s sampled over ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s`);
table('Time by layer (native and Node-internal frames charged to their nearest caller)', byLayer);
table('Self time by package / folder', selfByPlace);
table('Total (inclusive) time by package or project folder: a sample counts for every one on its stack', inclusiveByPackage);
table('Self time by function', selfByFunction);
table("Total time in the project's own functions (inclusive)", inclusiveOwn);
