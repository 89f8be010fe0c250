import type { Server } from 'restify';
import { z } from 'zod';
import { areaBody, assetBody, assetParams, assetQuery, connectionBody, connectionUpdateBody, reportQuery, suggestionQuery, whatDidntWorkBody } from './assets/asset-schemas';
import { referralBody, referralListQuery, referralSummaryQuery } from './referrals/referral-schemas';
import { claimBody, noteBody, pauseBody, phoneQuery, queueName, queueQuery, replyBody, resolveBody, rhythmBody, waitsQuery } from './inbox/inbox-schemas';

type Method = 'get' | 'post' | 'put';

export interface Operation {
  method: Method;
  /** OpenAPI path, e.g. /api/people/{personId}. */
  path: string;
  summary: string;
  tag: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Path parameters beyond those named in the path are not allowed. */
  pathParams?: Record<string, z.ZodType>;
  responses: Record<number, string>;
  /** Signed-in coaches by default; API tokens too unless false. */
  auth?: 'none' | 'session' | 'session-or-token' | 'admin' | 'referrer';
}

const personId = { personId: z.uuid() };
const failures = { 400: 'Invalid input: the message names each problem', 401: 'Not signed in', 403: 'Not allowed (role, CSRF token, or password change needed)', 404: 'No such person in your organisation' };

/** Every route of the JSON API the inbox and integrations use; the OpenAPI document is generated from this list and the routes' own zod schemas. */
export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/api/inbox/queues/{queue}', tag: 'Inbox', summary: 'People in a queue: waiting (urgent first, then longest wait), mine (needing my reply first), paused, everyone (search by name or phone)', pathParams: { queue: queueName }, query: queueQuery, responses: { 200: 'The queue', ...failures } },
  { method: 'get', path: '/api/inbox/first-reply-waits', tag: 'Inbox', summary: 'How long people waited for a first reply from a coach over the last days (median, 90th percentile, still unanswered)', query: waitsQuery, responses: { 200: 'The waits', ...failures } },
  { method: 'get', path: '/api/people', tag: 'People', summary: "Look a person up by phone number, with their whole state: opt-out, pause, rhythm, handoff, flags, what matters, referral", query: phoneQuery, responses: { 200: "The person's record", ...failures } },
  { method: 'get', path: '/api/people/{personId}', tag: 'People', summary: "A person's record: timeline across channels, what matters, check-ins, wellbeing, notes, flags, referral (the opening is audited)", pathParams: personId, responses: { 200: "The person's record", ...failures } },
  { method: 'get', path: '/api/people/{personId}/export', tag: 'People', summary: 'Everything held about the person, with the whole timeline, as a JSON download (for a request for their data; audited)', pathParams: personId, responses: { 200: "The person's whole record", ...failures } },
  { method: 'post', path: '/api/people/{personId}/claim', tag: 'Coaching', summary: 'Take the conversation, or assign it to a colleague; the bot stays quiet while a coach holds it', pathParams: personId, body: claimBody, responses: { 200: 'Claimed', ...failures } },
  { method: 'post', path: '/api/people/{personId}/replies', tag: 'Coaching', summary: "Reply to the person on the channel they used last (through the outbox)", pathParams: personId, body: replyBody, responses: { 201: 'Queued for delivery', 409: 'The person opted out or cannot be reached', ...failures } },
  { method: 'post', path: '/api/people/{personId}/notes', tag: 'Coaching', summary: 'Add a private note (never sent to the person)', pathParams: personId, body: noteBody, responses: { 201: 'Noted', ...failures } },
  { method: 'post', path: '/api/people/{personId}/pause', tag: 'Coaching', summary: 'Pause support on their behalf, until a date or open-ended; the person is told', pathParams: personId, body: pauseBody, responses: { 200: 'Paused', ...failures } },
  { method: 'post', path: '/api/people/{personId}/resume', tag: 'Coaching', summary: 'End a pause early', pathParams: personId, body: z.object({}), responses: { 200: 'Resumed (or was not paused)', ...failures } },
  { method: 'post', path: '/api/people/{personId}/rhythm', tag: 'Coaching', summary: 'Set how often Lantern checks in (and on which weekday) and the days it never writes first, as agreed with the person; they are told', pathParams: personId, body: rhythmBody, responses: { 200: 'Set, with when the next check-in is due', ...failures } },
  { method: 'post', path: '/api/people/{personId}/hand-back', tag: 'Coaching', summary: 'Hand the conversation back to the bot; the person is told', pathParams: personId, body: z.object({}), responses: { 200: 'Handed back', ...failures } },
  { method: 'post', path: '/api/people/{personId}/flags/{flagId}/resolve', tag: 'Coaching', summary: 'Resolve an urgent flag with a note of what was done', pathParams: { ...personId, flagId: z.uuid() }, body: resolveBody, responses: { 200: 'Resolved', ...failures } },
  { method: 'get', path: '/api/people/{personId}/audit', tag: 'Admin', summary: "The audit trail for one person: who opened, replied or changed what, when", pathParams: personId, auth: 'admin', responses: { 200: 'Audit events', ...failures } },
  { method: 'post', path: '/api/referrals', tag: 'Referrals', summary: "Text a person an invitation from the practice, with a link to chat and \"or just reply\" (practice staff and practice tokens; admins and organisation tokens name the practice)", body: referralBody, auth: 'referrer', responses: { 201: 'Sent (through the outbox)', 409: 'Already texted today, or the number can\'t be texted', 429: 'Too many referrals from the practice or to the number', ...failures } },
  { method: 'get', path: '/api/referrals', tag: 'Referrals', summary: "The practice's referrals and how far each got: sent, delivered, opened, replied, talking with a coach (never what was said)", query: referralListQuery, auth: 'referrer', responses: { 200: 'Referrals, newest first', ...failures } },
  { method: 'get', path: '/api/referrals/summary', tag: 'Referrals', summary: 'Counts of the practice\'s referrals by progress over the last days', query: referralSummaryQuery, auth: 'referrer', responses: { 200: 'Counts', ...failures } },
  { method: 'get', path: '/api/referrals/summary.csv', tag: 'Referrals', summary: 'The same counts as CSV, with small counts shown as "<10"', query: referralSummaryQuery, auth: 'referrer', responses: { 200: 'text/csv', ...failures } },
  { method: 'get', path: '/api/assets', tag: 'Community assets', summary: 'The community assets directory, by area, category or name; stale (not checked for six months) and needs-a-check flags', query: assetQuery, responses: { 200: 'Assets', ...failures } },
  { method: 'post', path: '/api/assets', tag: 'Community assets', summary: 'Add a group, activity or service', body: assetBody, responses: { 201: 'Added', ...failures } },
  { method: 'put', path: '/api/assets/{assetId}', tag: 'Community assets', summary: 'Change an asset', pathParams: assetParams.shape, body: assetBody, responses: { 200: 'Changed', ...failures } },
  { method: 'post', path: '/api/assets/{assetId}/verified', tag: 'Community assets', summary: 'Record that someone checked the asset is still running', pathParams: assetParams.shape, body: z.object({}), responses: { 200: 'Verified', ...failures } },
  { method: 'post', path: '/api/assets/import', tag: 'Community assets', summary: 'Import a CSV (the body, text/csv): good rows saved, bad rows listed with their line numbers', responses: { 200: 'Created, updated and rejected rows', ...failures } },
  { method: 'get', path: '/api/assets/export.csv', tag: 'Community assets', summary: 'The directory as CSV, in the columns the import reads', responses: { 200: 'text/csv', ...failures } },
  { method: 'get', path: '/api/people/{personId}/suggestions', tag: 'Connecting', summary: "Assets matching one of the person's what-matters items: same category, in their area", pathParams: personId, query: suggestionQuery, responses: { 200: 'Suggestions', ...failures } },
  { method: 'post', path: '/api/people/{personId}/connections', tag: 'Connecting', summary: 'Record a connection to an asset (suggested, tried, stuck with it, didn\'t work)', pathParams: personId, body: connectionBody, responses: { 201: 'Recorded', ...failures } },
  { method: 'post', path: '/api/people/{personId}/connections/{connectionId}', tag: 'Connecting', summary: 'Record how a connection went', pathParams: { ...personId, connectionId: z.uuid() }, body: connectionUpdateBody, responses: { 200: 'Recorded', ...failures } },
  { method: 'post', path: '/api/people/{personId}/area', tag: 'People', summary: 'The postcode district or neighbourhood the person chose to give (null forgets it)', pathParams: personId, body: areaBody, responses: { 200: 'Saved', ...failures } },
  { method: 'get', path: '/api/reports/neighbourhood', tag: 'Reports', summary: 'What matters by area and category, connections and gaps, with small counts suppressed (shown strings only)', query: reportQuery, responses: { 200: 'The report', ...failures } },
  { method: 'get', path: '/api/reports/neighbourhood.csv', tag: 'Reports', summary: 'The neighbourhood report as CSV (audited)', query: reportQuery, responses: { 200: 'text/csv', ...failures } },
  { method: 'post', path: '/api/assets/import/oruk', tag: 'Community assets', summary: 'Import an Open Referral UK feed (JSON: services, or a page of them); inactive services and ones with no area are skipped and listed', responses: { 200: 'Created, updated and skipped services', ...failures } },
  { method: 'get', path: '/api/assets/export/oruk', tag: 'Community assets', summary: 'The directory as an Open Referral UK feed, with Lantern\'s categories as a taxonomy', responses: { 200: 'An ORUK page of services', ...failures } },
  { method: 'post', path: '/api/people/{personId}/didnt-work', tag: 'Connecting', summary: "Record something that didn't work for the person: an asset or a service, a barrier, a short private note", pathParams: personId, body: whatDidntWorkBody, responses: { 201: 'Recorded', ...failures } },
  { method: 'get', path: '/api/reports/learning', tag: 'Reports', summary: "What didn't work, by service and barrier, for feeding back to local services (counts of people, suppressed; no notes)", query: reportQuery, responses: { 200: 'The report', ...failures } },
  { method: 'get', path: '/api/reports/learning.csv', tag: 'Reports', summary: 'The same as CSV (audited)', query: reportQuery, responses: { 200: 'text/csv', ...failures } },
  { method: 'get', path: '/api/reports/outcomes', tag: 'Reports', summary: 'Wellbeing (ONS4) for the cohort: first against latest answers, with counts; means hidden for small groups', query: reportQuery, responses: { 200: 'The report', ...failures } },
  { method: 'get', path: '/api/reports/outcomes.csv', tag: 'Reports', summary: 'One row per person under a pseudonym (month dates only); refused when the cohort is smaller than the threshold (audited)', query: reportQuery, responses: { 200: 'text/csv', ...failures, 403: 'Not allowed, or the cohort is too small to export' } },
  { method: 'get', path: '/api/inbox/events', tag: 'Inbox', summary: 'Server-sent events: "changed" with a personId whenever someone in your organisation has news', auth: 'session', responses: { 200: 'text/event-stream' } },
];

const SECURITY: Record<NonNullable<Operation['auth']>, Array<Record<string, string[]>>> = {
  none: [],
  session: [{ session: [] }],
  'session-or-token': [{ session: [] }, { apiToken: [] }],
  admin: [{ session: [] }],
  referrer: [{ session: [] }, { apiToken: [] }],
};

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/** The OpenAPI 3.1 document for `operations`. */
export function openApiDocument(operations: readonly Operation[] = OPERATIONS, serverUrl = '/') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const parameters = [
      ...Object.entries(op.pathParams ?? {}).map(([name, schema]) => ({ name, in: 'path', required: true, schema: jsonSchema(schema) })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, schema]) => ({
        name, in: 'query', required: !(schema as z.ZodType).safeParse(undefined).success, schema: jsonSchema(schema as z.ZodType),
      })),
    ];
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      security: SECURITY[op.auth ?? 'session-or-token'],
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body) } } } } : {}),
      responses: Object.fromEntries(Object.entries(op.responses).map(([status, description]) => [status, {
        description,
        ...(Number(status) >= 400 ? { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } : {}),
      }])),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Lantern API', version: '1', description: 'The coach inbox and integrations. Every route acts within the caller\'s organisation only. State-changing requests made with a session cookie need the X-CSRF-Token header.' },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'lantern_session' },
        apiToken: { type: 'http', scheme: 'bearer', description: 'A token made with `npm run lantern -- token:create`' },
      },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} } } } },
      },
    },
  };
}

/** GET /api/openapi.json */
export function mountOpenApi(server: Server, publicBaseUrl: string, operations: readonly Operation[] = OPERATIONS): void {
  const document = JSON.stringify(openApiDocument(operations, publicBaseUrl));
  server.get('/api/openapi.json', (_req, res, next) => {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.sendRaw(200, document);
    next();
  });
}
