import { timingSafeEqual } from 'node:crypto';
import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import { route } from '../../api/http';
import type { Logger } from '../../lib/logger';
import { TWILIO_API_PREFIX } from './paths';
import { newMessageSid, type PhoneThreads, type SimulatedText } from './phone-threads';
import { API_VERSION, messageJson, messagePage, twilioError, type TwilioReply } from './twilio-json';

export interface TwilioMessagesApiOptions {
  accountSid: string;
  authToken: string;
  threads: PhoneThreads;
  /** Called for each accepted text, to start its delivery reports. */
  accepted(sid: string): void;
  logger: Logger;
}

const MESSAGES_PATH = `${TWILIO_API_PREFIX}/${API_VERSION}/Accounts/:accountSid/Messages.json`;
const MAX_FORM_BYTES = 64 * 1024;
const MAX_BODY_LENGTH = 1600;
const E164 = /^\+[1-9]\d{1,14}$/;

type NewMessage = Pick<SimulatedText, 'phone' | 'body'> & { from?: string; messagingServiceSid?: string; statusCallback?: string };

/**
 * Twilio's Messages API (create and list), enough for the official SDK as Lantern's outbox uses it:
 * Twilio's status codes, error codes and JSON, so the sender's error handling meets what
 * production returns.
 */
export function mountTwilioMessagesApi(server: Server, options: TwilioMessagesApiOptions): void {
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const authorised = (req: Request) => safeEqual(req.header('authorization') ?? '', expectedAuth) && req.params?.accountSid === options.accountSid;

  server.post(MESSAGES_PATH, restify.plugins.bodyReader({ maxBodySize: MAX_FORM_BYTES }), route(options.logger, async (req, res) => {
    if (!authorised(req)) return answer(res, authenticationError());
    const form = readForm(req.body);
    const checked = checkNewMessage(form);
    if ('status' in checked) return answer(res, checked);
    const text: SimulatedText = {
      sid: newMessageSid(),
      direction: 'from-lantern',
      phone: checked.phone,
      lanternNumber: checked.from ?? null,
      body: checked.body,
      at: new Date(),
      // Through a messaging service without From, Twilio answers "accepted" before choosing a sender.
      status: checked.from ? 'queued' : 'accepted',
      accountSid: options.accountSid,
      ...(checked.messagingServiceSid ? { messagingServiceSid: checked.messagingServiceSid } : {}),
      ...(checked.statusCallback ? { statusCallback: checked.statusCallback } : {}),
    };
    options.threads.add(text);
    options.accepted(text.sid);
    answer(res, { status: 201, body: messageJson(text) });
  }));

  server.get(MESSAGES_PATH, route(options.logger, async (req, res) => {
    if (!authorised(req)) return answer(res, authenticationError());
    const query = new URLSearchParams(req.getQuery());
    const { To: to, From: from, PageSize: pageSize, Page: page } = listQuery.parse(Object.fromEntries(query));
    const matches = options.threads.newestFirst().filter((text) => {
      const json = messageJson(text);
      return (!to || json.to === to) && (!from || json.from === from);
    });
    const pageUri = (n: number) => {
      const next = new URLSearchParams(query);
      next.set('PageSize', String(pageSize));
      next.set('Page', String(n));
      next.delete('PageToken');
      return `/${API_VERSION}/Accounts/${options.accountSid}/Messages.json?${next.toString()}`;
    };
    answer(res, { status: 200, body: messagePage(matches, page, pageSize, pageUri) });
  }));
}

// Odd paging values are answered with defaults rather than refused: this is a dev tool.
const listQuery = z.object({
  To: z.string().max(40).optional(),
  From: z.string().max(40).optional(),
  PageSize: z.coerce.number().int().min(1).max(1000).catch(50),
  Page: z.coerce.number().int().min(0).max(100_000).catch(0),
});

/** Twilio checks a new message in this order and answers the first problem with its own code. */
export function checkNewMessage(form: Record<string, string>): NewMessage | TwilioReply {
  const { To: to, From: from, MessagingServiceSid: messagingServiceSid, StatusCallback: statusCallback } = form;
  const body = form.Body ?? '';
  if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
  if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!from && !messagingServiceSid) return twilioError(400, 21603, "A 'From' phone number is required.");
  if (body.length === 0) return twilioError(400, 21602, 'Message body is required.');
  if (body.length > MAX_BODY_LENGTH) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
  if (statusCallback && !isHttpUrl(statusCallback)) return twilioError(400, 21609, `The StatusCallback URL ${statusCallback} is not a valid URL.`);
  return {
    phone: to,
    body,
    ...(from ? { from } : {}),
    ...(messagingServiceSid ? { messagingServiceSid } : {}),
    ...(statusCallback ? { statusCallback } : {}),
  };
}

const authenticationError = (): TwilioReply => twilioError(401, 20003, 'Authenticate');

function answer(res: Response, reply: TwilioReply): void {
  if (reply.status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="Twilio API"');
  res.send(reply.status, reply.body);
}

/** Twilio's fields are flat and each appears once; a repeat is not Twilio, and the first is kept. */
function readForm(body: unknown): Record<string, string> {
  const raw = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
  const form: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(raw)) if (!(key in form)) form[key] = value;
  return form;
}

function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

function safeEqual(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
