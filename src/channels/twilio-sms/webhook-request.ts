import type { Request } from 'restify';
import twilio from 'twilio';
import type { SmsConfig } from '../../config/load-config';
import { AppError } from '../../lib/errors';

/** Twilio posts at most a few kilobytes; anything far bigger is not Twilio. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;

/**
 * The form fields of a Twilio webhook, after checking it really came from Twilio: the
 * X-Twilio-Signature must match the URL Twilio called (the configured public URL, so it works
 * behind a proxy) and the exact parameters. Unsigned or forged requests are refused with 403.
 */
export function verifiedTwilioParams(req: Request, sms: SmsConfig, publicBaseUrl: string): Record<string, string> {
  const raw = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  const params: Record<string, string> = {};
  // Twilio's fields are flat and each appears once; a repeat is not Twilio, and the first is kept.
  for (const [key, value] of new URLSearchParams(raw)) if (!(key in params)) params[key] = value;
  if (!sms.checkSignature) return params;
  const signature = req.header('x-twilio-signature');
  const url = `${publicBaseUrl}${req.getPath()}${req.getQuery() ? `?${req.getQuery()}` : ''}`;
  if (!signature || !twilio.validateRequest(sms.authToken, signature, url, params)) {
    throw new AppError('forbidden', 'This request is not signed by Twilio.');
  }
  return params;
}

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

/** An empty TwiML answer: Lantern replies through the API, not in the webhook response. */
export function answerTwilio(res: { setHeader(name: string, value: string): void; sendRaw(status: number, body: string): void }): void {
  res.setHeader('Content-Type', 'text/xml; charset=utf-8');
  res.sendRaw(200, EMPTY_TWIML);
}
