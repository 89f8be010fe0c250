import type { AddressInfo } from 'node:net';
import type { Server } from 'restify';
import { authenticated, mountAuthRoutes, type AuthDependencies } from '../../../src/api/auth';
import { buildApp } from '../../../src/app';
import type { Config } from '../../../src/config/load-config';
import type { Db, Staff, StaffRole } from '../../../src/db/client';
import { createOrganisation } from '../../../src/domain/organisations/create-organisation';
import { createPractice } from '../../../src/domain/practices/create-practice';
import { createStaff } from '../../../src/domain/staff/create-staff';
import { fixedClock } from '../../../src/lib/clock';
import { silentLogger } from '../../../src/lib/logger';
import { testConfig } from '../../helpers/test-config';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database';

export const PASSWORD = 'lantern by the canal at dusk';

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  /** The Set-Cookie line for lantern_session, if the answer had one. */
  sessionCookie: string | undefined;
}

/**
 * A browser's view of the server: keeps the lantern_session cookie as a browser would (set,
 * replaced, removed at Max-Age=0) and the CSRF token the last sign-in or "me" gave it.
 */
export class Browser {
  cookie: string | undefined;
  csrfToken: string | undefined;

  constructor(private readonly baseUrl: string) {}

  async send(method: string, path: string, options: { json?: unknown; headers?: Record<string, string>; csrf?: boolean } = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    if (this.cookie) headers.Cookie = `lantern_session=${this.cookie}`;
    if (options.csrf !== false && this.csrfToken && method !== 'GET') headers['X-CSRF-Token'] = this.csrfToken;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(options.json !== undefined ? { body: JSON.stringify(options.json) } : {}),
    });
    const text = await response.text();
    const sessionCookie = response.headers.getSetCookie().find((line) => line.startsWith('lantern_session='));
    if (sessionCookie) {
      const value = sessionCookie.slice('lantern_session='.length).split(';')[0] ?? '';
      this.cookie = /Max-Age=0(;|$)/.test(sessionCookie) ? undefined : value;
    }
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    if (typeof body === 'object' && body !== null && 'csrfToken' in body) this.csrfToken = String(body.csrfToken);
    return { status: response.status, body, headers: response.headers, sessionCookie };
  }

  get(path: string, options: { headers?: Record<string, string> } = {}) {
    return this.send('GET', path, options);
  }

  post(path: string, json?: unknown, options: { headers?: Record<string, string>; csrf?: boolean } = {}) {
    return this.send('POST', path, { ...options, json });
  }

  signIn(email: string, password: string, code?: string) {
    return this.post('/api/auth/sign-in', { email, password, ...(code === undefined ? {} : { code }) });
  }
}

export interface AuthHarness {
  url: string;
  db: Db;
  config: Readonly<Config>;
  clock: ReturnType<typeof fixedClock>;
  organisationId: string;
  browser(): Browser;
  /** A member of staff with PASSWORD (or a one-time password when `oneTimePassword`). */
  staff(role?: StaffRole, options?: { oneTimePassword?: boolean }): Promise<{ staff: Staff; password: string }>;
  /** A new browser signed in as a new member of staff. */
  signedIn(role?: StaffRole): Promise<{ browser: Browser; staff: Staff }>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * The real app (no channels) with the auth routes and test routes behind `authenticated`:
 * GET/POST /api/test/coach (defaults), /api/test/admin (ADMIN only), /api/test/practice
 * (PRACTICE too), /api/test/no-tokens (sessions only), and PUT/PATCH/DELETE /api/test/methods.
 * Each answers with the principal.
 */
export async function startAuthHarness(env: Record<string, string> = {}): Promise<AuthHarness> {
  const database: TestDatabase = await createTestDatabase();
  const { db } = database;
  const config = testConfig(database.config, { SESSION_SECRET: 'a-test-session-secret-that-is-long-enough-42', ...env });
  // An hour ahead of real time: staff rows get sessionsValidAfter = now() from the database,
  // and sessions must be issued after it.
  const clock = fixedClock(new Date(Date.now() + 60 * 60_000));
  const deps: AuthDependencies = { config, db, clock, logger: silentLogger };
  const server: Server = buildApp({
    config,
    database: { db, provider: database.config.provider, close: async () => {} },
    logger: silentLogger,
    expectedMigrations: [],
  });
  mountAuthRoutes(server, deps);
  const echo = async (_req: unknown, res: { send(status: number, body: unknown): void }, principal: unknown) => res.send(200, { principal });
  for (const [path, options] of [
    ['/api/test/coach', {}],
    ['/api/test/admin', { roles: ['ADMIN'] }],
    ['/api/test/practice', { roles: ['COACH', 'ADMIN', 'PRACTICE'] }],
    ['/api/test/no-tokens', { apiTokens: false }],
  ] as const) {
    server.get(path, authenticated(deps, options, echo));
    server.post(path, authenticated(deps, options, echo));
  }
  server.put('/api/test/methods', authenticated(deps, {}, echo));
  server.patch('/api/test/methods', authenticated(deps, {}, echo));
  server.del('/api/test/methods', authenticated(deps, {}, echo));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const organisation = await createOrganisation(db, { name: 'Northside PCN' });
  const practice = await createPractice(db, { organisationId: organisation.id, odsCode: 'F85002', name: 'Canal Street Surgery' });

  const harness: AuthHarness = {
    url,
    db,
    config,
    clock,
    organisationId: organisation.id,
    browser: () => new Browser(url),
    staff: async (role = 'COACH', options = {}) => {
      counter += 1;
      const created = await createStaff(db, {
        organisationId: organisation.id,
        email: `${role.toLowerCase()}${counter}@northside.example`,
        displayName: `${role} ${counter}`,
        role,
        ...(role === 'PRACTICE' ? { practiceId: practice.id } : {}),
        ...(options.oneTimePassword ? {} : { password: PASSWORD }),
      });
      return { staff: created.staff, password: created.oneTimePassword ?? PASSWORD };
    },
    signedIn: async (role = 'COACH') => {
      const { staff, password } = await harness.staff(role);
      const browser = harness.browser();
      const answer = await browser.signIn(staff.email, password);
      if (answer.status !== 200) throw new Error(`sign-in answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return { browser, staff };
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.destroy();
    },
  };
  return harness;
}
