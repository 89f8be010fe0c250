import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { smsLength } from '../../src/channels/twilio-sms/segments';

/**
 * A local stand-in for Twilio's Messages API that the real `twilio` SDK talks to (through
 * createTwilioClient's apiBaseUrl). It keeps Twilio's status codes, error codes and JSON shapes
 * so the sender's error handling is tested against what production returns.
 */

export interface SentMessage { sid: string; accountSid: string; to: string; from?: string; messagingServiceSid?: string; body: string; statusCallback?: string; receivedAt: Date }
export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed';
export interface TwilioFailure { status: number; code: number; message: string }
export interface FakeTwilioApi {
  baseUrl: string;
  accountSid: string; authToken: string;
  sent: SentMessage[];
  requests: number;
  failNext(count: number, failure?: TwilioFailure): void;
  delayNext(ms: number): void;
  waitForSent(count: number, timeoutMs?: number): Promise<SentMessage[]>;
  sendStatusCallback(sid: string, status: DeliveryStatus, errorCode?: string): Promise<number>;
  reset(): void;
  close(): Promise<void>;
}

const SERVER_ERROR: TwilioFailure = { status: 500, code: 20500, message: 'Internal Server Error' };
const E164 = /^\+[1-9]\d{1,14}$/;
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
// Twilio writes RFC 2822 dates with "+0000", not "GMT".
const rfc2822 = (date: Date): string => date.toUTCString().replace('GMT', '+0000');

type Reply = { status: number; body: unknown };
const errorReply = (failure: TwilioFailure): Reply =>
  ({ status: failure.status, body: { ...failure, more_info: `https://www.twilio.com/docs/errors/${failure.code}` } });
function sendJson(res: ServerResponse, { status, body }: Reply): void {
  // A client that timed out has gone; the fake carries on, as Twilio would.
  if (res.destroyed) return;
  // Not chained: restify, loaded by other tests in the same process, patches writeHead to return nothing.
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}
async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
const sleep = (ms: number, timers: Set<NodeJS.Timeout>): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(() => { timers.delete(timer); resolve(); }, ms);
    timers.add(timer);
  });

export async function startFakeTwilioApi(options: { accountSid?: string; authToken?: string } = {}): Promise<FakeTwilioApi> {
  const accountSid = options.accountSid ?? `AC${hex(16)}`;
  const authToken = options.authToken ?? hex(16);
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const statuses = new Map<string, { status: string; errorCode: number | null }>();
  const failures: TwilioFailure[] = [];
  const delays: number[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let onSent: Array<() => void> = [];

  const toJson = (m: SentMessage) => {
    const state = statuses.get(m.sid) ?? { status: 'queued', errorCode: null };
    const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
    return {
      sid: m.sid, account_sid: m.accountSid, api_version: '2010-04-01', body: m.body, direction: 'outbound-api',
      to: m.to, from: m.from ?? null, messaging_service_sid: m.messagingServiceSid ?? null,
      status: state.status, error_code: state.errorCode, error_message: null,
      num_segments: String(smsLength(m.body).parts), num_media: '0', price: null, price_unit: 'USD',
      date_created: rfc2822(m.receivedAt), date_updated: rfc2822(m.receivedAt), date_sent: null,
      uri, subresource_uris: { media: uri.replace('.json', '/Media.json') },
    };
  };

  function createMessage(form: URLSearchParams): Reply {
    const to = form.get('To');
    const from = form.get('From') ?? undefined;
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
    const statusCallback = form.get('StatusCallback') ?? undefined;
    const body = form.get('Body') ?? '';
    if (!to) return errorReply({ status: 400, code: 21604, message: "A 'To' phone number is required." });
    if (!E164.test(to)) return errorReply({ status: 400, code: 21211, message: `The 'To' number ${to} is not a valid phone number.` });
    if (!from && !messagingServiceSid) return errorReply({ status: 400, code: 21603, message: "A 'From' phone number is required." });
    if (body.length === 0) return errorReply({ status: 400, code: 21602, message: 'Message body is required.' });
    if (body.length > 1600) return errorReply({ status: 400, code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.' });
    const message: SentMessage = {
      sid: `SM${hex(16)}`, accountSid, to, body, receivedAt: new Date(),
      ...(from ? { from } : {}),
      ...(messagingServiceSid ? { messagingServiceSid } : {}),
      ...(statusCallback ? { statusCallback } : {}),
    };
    // Through a messaging service without From, Twilio answers "accepted" before choosing a sender.
    statuses.set(message.sid, { status: from ? 'queued' : 'accepted', errorCode: null });
    api.sent.push(message);
    onSent.forEach((check) => check());
    return { status: 201, body: toJson(message) };
  }

  function listMessages(query: URLSearchParams): Reply {
    const [to, from, on, after, before] = ['To', 'From', 'DateSent', 'DateSent>', 'DateSent<'].map((key) => query.get(key));
    const matches = api.sent.filter((m) => (!to || m.to === to) && (!from || m.from === from)
      && (!on || m.receivedAt.toISOString().slice(0, 10) === on.slice(0, 10))
      && (!after || m.receivedAt >= new Date(after)) && (!before || m.receivedAt <= new Date(before)))
      .reverse(); // Twilio lists newest first
    const pageSize = Number(query.get('PageSize') ?? 50);
    const page = Number(query.get('Page') ?? 0);
    const start = page * pageSize;
    const pageUri = (n: number) => {
      const next = new URLSearchParams(query);
      next.set('PageSize', String(pageSize));
      next.set('Page', String(n));
      next.delete('PageToken');
      return `/2010-04-01/Accounts/${accountSid}/Messages.json?${next.toString()}`;
    };
    return { status: 200, body: {
      messages: matches.slice(start, start + pageSize).map(toJson),
      page, page_size: pageSize, start, end: Math.max(start, Math.min(start + pageSize, matches.length) - 1),
      uri: pageUri(page), first_page_uri: pageUri(0),
      next_page_uri: start + pageSize < matches.length ? pageUri(page + 1) : null,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    } };
  }

  async function handle(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const match = MESSAGES_PATH.exec(url.pathname);
    if (!match) return errorReply({ status: 404, code: 20404, message: 'The requested resource was not found' });
    if (req.method === 'POST') api.requests += 1;
    if (req.headers.authorization !== expectedAuth || match[1] !== accountSid) {
      return errorReply({ status: 401, code: 20003, message: 'Authentication Error - invalid username' });
    }
    if (req.method === 'GET') return listMessages(url.searchParams);
    if (req.method !== 'POST') return errorReply({ status: 405, code: 20004, message: 'Method not allowed' });
    const form = await readForm(req);
    const failure = failures.shift();
    // Recorded now, answered after the delay: as with a real timeout, the text may go though the client gave up.
    const reply = failure ? errorReply(failure) : createMessage(form);
    const delay = delays.shift();
    if (delay !== undefined) await sleep(delay, timers);
    return reply;
  }

  const server = http.createServer((req, res) => {
    handle(req).then(
      (reply) => sendJson(res, reply),
      (error: unknown) => sendJson(res, errorReply({ status: 500, code: 20500, message: String(error) })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const api: FakeTwilioApi = {
    baseUrl: `http://127.0.0.1:${port}`, accountSid, authToken, sent: [], requests: 0,
    failNext(count, failure = SERVER_ERROR) {
      for (let i = 0; i < count; i++) failures.push(failure);
    },
    delayNext(ms) { delays.push(ms); },
    waitForSent(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (api.sent.length < count) return false;
          clearTimeout(timer); onSent = onSent.filter((c) => c !== check); resolve([...api.sent]);
          return true;
        };
        const timer = setTimeout(() => {
          onSent = onSent.filter((c) => c !== check);
          const bodies = api.sent.map((m) => JSON.stringify(m.body)).join(', ');
          reject(new Error(`fake Twilio: expected ${count} sent message(s) within ${timeoutMs} ms, got ${api.sent.length}: [${bodies}]`));
        }, timeoutMs);
        if (!check()) onSent.push(check);
      });
    },
    async sendStatusCallback(sid, status, errorCode) {
      const message = api.sent.find((m) => m.sid === sid);
      if (!message?.statusCallback) throw new Error(`fake Twilio: no message ${sid} with a StatusCallback`);
      statuses.set(sid, { status, errorCode: errorCode ? Number(errorCode) : null });
      const params: Record<string, string> = {
        AccountSid: accountSid, ApiVersion: '2010-04-01', MessageSid: sid, SmsSid: sid,
        MessageStatus: status, SmsStatus: status, To: message.to,
        ...(message.from ? { From: message.from } : {}),
        ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
        ...(errorCode ? { ErrorCode: errorCode } : {}),
      };
      return postSigned(message.statusCallback, params, twilio.getExpectedTwilioSignature(authToken, message.statusCallback, params));
    },
    reset() {
      api.sent.length = 0; api.requests = 0;
      failures.length = 0; delays.length = 0; statuses.clear();
    },
    async close() {
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
      // The SDK keeps sockets alive; without closing them, close() would wait for their idle timeout.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}

/** POSTs a form like Twilio's webhook caller; a fresh socket each time so nothing lingers after tests. */
function postSigned(url: string, params: Record<string, string>, signature: string): Promise<number> {
  const body = new URLSearchParams(params).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST', agent: false,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), 'X-Twilio-Signature': signature },
    }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode ?? 0)); });
    req.on('error', reject);
    req.end(body);
  });
}
