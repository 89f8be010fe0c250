// Every route the service mounts that is not in the OpenAPI OPERATIONS list, and the fuzz suite
// that covers it. json-api.fuzz.ts fails when a mounted route is in neither list, and each suite
// fails when it did not exercise every route listed for it here.

export type FuzzSuite = 'sms-webhooks' | 'web-chat' | 'sign-in' | 'pages';

export const FUZZED_ELSEWHERE: Readonly<Record<string, FuzzSuite>> = {
  'POST /api/sms/inbound': 'sms-webhooks',
  'POST /api/sms/status': 'sms-webhooks',
  'POST /v3/directline/tokens/generate': 'web-chat',
  'POST /v3/directline/tokens/refresh': 'web-chat',
  'POST /v3/directline/conversations': 'web-chat',
  'GET /v3/directline/conversations/:id': 'web-chat',
  'POST /v3/directline/conversations/:id/activities': 'web-chat',
  'GET /v3/directline/conversations/:id/activities': 'web-chat',
  'POST /api/messages': 'web-chat',
  'POST /api/auth/sign-in': 'sign-in',
  'POST /api/auth/sign-out': 'sign-in',
  'POST /api/auth/sign-out-everywhere': 'sign-in',
  'GET /api/auth/me': 'sign-in',
  'POST /api/auth/password': 'sign-in',
  'POST /api/auth/totp/setup': 'sign-in',
  'POST /api/auth/totp/confirm': 'sign-in',
  'POST /api/auth/totp/disable': 'sign-in',
  'GET /healthz': 'pages',
  'GET /readyz': 'pages',
  'GET /privacy': 'pages',
  'GET /api/openapi.json': 'pages',
  'GET /r/:code': 'pages',
  'GET /p/:odsCode': 'pages',
  'GET /chat': 'pages',
  'GET /chat/app.js': 'pages',
  'GET /chat/chat.css': 'pages',
  'GET /chat/webchat.js': 'pages',
  'GET /inbox': 'pages',
  'GET /inbox/': 'pages',
  'GET /inbox/people/:personId': 'pages',
  'GET /inbox/directory': 'pages',
  'GET /inbox/report': 'pages',
  'GET /practice': 'pages',
  'GET /inbox/assets/:file': 'pages',
};

/** The routes listed for one suite. */
export const routesFor = (suite: FuzzSuite): string[] => Object.entries(FUZZED_ELSEWHERE).filter(([, s]) => s === suite).map(([route]) => route);

/** "GET /api/people/{personId}" for an OpenAPI operation, in restify's spelling. */
export const restifyRoute = (method: string, openApiPath: string): string => `${method.toUpperCase()} ${openApiPath.replace(/\{(\w+)\}/g, ':$1')}`;

/** Counts requests per route, so a suite can show it reached each one. */
export class RouteTally {
  private readonly counts = new Map<string, { sent: number; pastAuth: number; statuses: Record<number, number> }>();

  record(route: string, status: number): void {
    const entry = this.counts.get(route) ?? { sent: 0, pastAuth: 0, statuses: {} };
    entry.sent += 1;
    if (status !== 401 && status !== 403) entry.pastAuth += 1;
    entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
    this.counts.set(route, entry);
  }

  /** Statuses seen per route, for FUZZ_VERBOSE=1: shows whether inputs get past validation. */
  summary(): string {
    return [...this.counts].map(([route, { statuses }]) => `${route}: ${Object.entries(statuses).map(([s, n]) => `${s}×${n}`).join(' ')}`).join('\n');
  }

  /** Routes among `routes` sent fewer than `min` requests, or none that got past authentication. */
  missing(routes: readonly string[], min: number): string[] {
    return routes.filter((route) => {
      const entry = this.counts.get(route);
      return !entry || entry.sent < min || entry.pastAuth === 0;
    });
  }
}
