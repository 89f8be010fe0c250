import restify, { type Server } from 'restify';
import { z } from 'zod';
import { route } from '../../api/http';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { normalisePhone } from '../../lib/phone';
import { PAGE_API_PATH } from './paths';
import { newMessageSid, type PhoneThreads, type SimulatedText } from './phone-threads';
import type { TextFromPhone, WebhookOutcome } from './webhook-sender';

export interface PhonePageApiOptions {
  threads: PhoneThreads;
  lanternNumber: string;
  accountSid: string;
  sendToLantern(text: TextFromPhone): Promise<WebhookOutcome>;
  logger: Logger;
}

const MAX_REQUEST_BYTES = 32 * 1024;
const MAX_TEXT_LENGTH = 1600;

const required = (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : 'must be text');

const phoneNumber = z
  .string({ error: required })
  .transform((value, ctx) => {
    const phone = normalisePhone(value);
    if (phone) return phone;
    ctx.addIssue({ code: 'custom', message: 'is not a phone number: try 07700 900123 or +447700900123' });
    return z.NEVER;
  });

const newText = z.object({
  from: phoneNumber,
  body: z
    .string({ error: required })
    .min(1, 'is empty: type something to send')
    .max(MAX_TEXT_LENGTH, `is longer than ${MAX_TEXT_LENGTH} characters, the most Twilio sends`),
}, { error: 'must be a JSON object like {"from": "+447700900123", "body": "hello"}' });

const threadQuery = z.object({ phone: phoneNumber });

/**
 * The JSON the phone page and `npm run phone` use. Texting goes the same way a real phone's text
 * does: Twilio's signed webhook to Lantern's SMS route, never a shortcut into the bot.
 */
export function mountPhonePageApi(server: Server, options: PhonePageApiOptions): void {
  server.post(PAGE_API_PATH, restify.plugins.bodyReader({ maxBodySize: MAX_REQUEST_BYTES }), route(options.logger, async (req, res) => {
    const { from, body } = newText.parse(readJson(req.body));
    const text: SimulatedText = {
      sid: newMessageSid(),
      direction: 'to-lantern',
      phone: from,
      lanternNumber: options.lanternNumber,
      body,
      at: new Date(),
      status: 'sending',
      accountSid: options.accountSid,
    };
    options.threads.add(text);
    const outcome = await options.sendToLantern({ sid: text.sid, from, to: options.lanternNumber, body });
    if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
      options.threads.update(text.sid, { status: 'delivered' });
      res.send(201, { sid: text.sid, status: 'delivered' });
      return;
    }
    options.threads.update(text.sid, { status: 'failed' });
    const message = outcome.status === null
      ? `Lantern did not answer the SMS webhook (${outcome.problem}).`
      : `Lantern's SMS webhook answered HTTP ${outcome.status}.`;
    res.send(502, { sid: text.sid, status: 'failed', webhookStatus: outcome.status, error: { code: 'webhook-failed', message } });
  }));

  server.get(PAGE_API_PATH, route(options.logger, async (req, res) => {
    const { phone } = threadQuery.parse(Object.fromEntries(new URLSearchParams(req.getQuery())));
    res.setHeader('Cache-Control', 'no-store');
    res.send(200, {
      phone,
      lanternNumber: options.lanternNumber,
      messages: options.threads.thread(phone).map((text) => ({
        sid: text.sid,
        direction: text.direction,
        body: text.body,
        at: text.at.toISOString(),
        status: text.status,
      })),
    });
  }));
}

function readJson(body: unknown): unknown {
  const raw = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
  const example = 'send JSON like {"from": "+447700900123", "body": "hello"}';
  if (raw.trim() === '') throw new AppError('bad-request', `The request has no body: ${example}, with Content-Type: application/json.`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError('bad-request', `The request body is not valid JSON: ${example}.`);
  }
}
