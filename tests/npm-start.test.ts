import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from './helpers/run-script';
import { request } from './helpers/http';

// Runs the exact `npm start` command from package.json, as a new user would.
const startCommand = (JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')).scripts.start as string).split(' ');
const [bin, ...args] = startCommand as [string, ...string[]];

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(path.join(projectRoot, 'node_modules/.bin', bin), args, {
    cwd: projectRoot,
    env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'development', SEED_DEMO_DATA: '', ...env },
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function listeningPort(started: Started): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const line = started.output().split('\n').find((l) => l.includes('"Lantern is listening"'));
    if (line) return JSON.parse(line).port;
    if (started.child.exitCode !== null) throw new Error(`exited early:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never listened:\n${started.output()}`);
}

/** The lines Lantern itself wrote to stderr (not Node's deprecation notices). */
const ownErrorLines = (output: string) => output.split('\n').filter((line) => line.startsWith('Lantern'));

describe('npm start', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantern-start-'));
  const databaseUrl = `file:${path.join(dir, 'data', 'lantern.db')}`;
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('brings the service up on a new SQLite database, migrated, with a demo sign-in, and stops cleanly on SIGTERM', async () => {
    const started = start({ DATABASE_URL: databaseUrl });
    const port = await listeningPort(started);
    expect((await request(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(started.output()).toContain('"migration applied"');
    expect(started.output()).toMatch(/Coach sign-in: +coach@demo\.lantern\.test {2}password \S{16}/);
    // Everything a new user opens is there: web chat, the coach inbox, the phone simulator, the SMS webhook.
    for (const page of ['/chat', '/inbox', '/dev/phone']) {
      const response = await request(`http://127.0.0.1:${port}${page}`);
      expect([page, response.status, response.headers.get('content-type')]).toEqual([page, 200, expect.stringMatching(/^text\/html/)]);
    }
    expect((await request(`http://127.0.0.1:${port}/api/sms/inbound`, { method: 'POST' })).status).toBe(403);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.output()).toContain('"shutting down"');
  });

  it('reuses the same data on a second start: nothing to migrate, no second demo', async () => {
    const started = start({ DATABASE_URL: databaseUrl });
    const port = await listeningPort(started);
    expect((await request(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect(started.output()).not.toContain('"migration applied"');
    expect(started.output()).not.toContain('Coach sign-in');
    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
  });

  it('never writes a password or phone number into its JSON logs', async () => {
    const started = start({ DATABASE_URL: `file:${path.join(dir, 'other.db')}` });
    await listeningPort(started);
    started.child.kill('SIGTERM');
    await started.exited;
    const jsonLines = started.output().split('\n').filter((line) => line.startsWith('{'));
    expect(jsonLines.length).toBeGreaterThan(0);
    expect(jsonLines.join('\n')).not.toMatch(/password|\+44/i);
  });

  it.each([
    [{ PORT: 'abc' }, /^Lantern cannot start: PORT must be a whole number between 0 and 65535 \(got "abc"\)$/],
    [{ DATABASE_URL: 'sqlite://data/lantern.db' }, /^Lantern cannot start: DATABASE_URL must be file:<path> for SQLite or postgresql:/],
    [{ DATABASE_URL: 'postgresql://lantern@127.0.0.1:1/lantern' }, /^Lantern cannot start: DATABASE_URL: cannot use the database at postgresql:\/\/lantern@127\.0\.0\.1:1\/lantern \(ECONNREFUSED/],
  ])('exits non-zero with one line naming the problem for %j', async (env, line) => {
    const started = start({ DATABASE_URL: databaseUrl, ...env });
    expect(await started.exited).toBe(1);
    const lines = ownErrorLines(started.output());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });
});
