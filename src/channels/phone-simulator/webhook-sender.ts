import twilio from 'twilio';
import { smsLength } from '../twilio-sms/segments';
import type { Logger } from '../../lib/logger';
import { INBOUND_PATH } from './paths';
import { postForm } from './post-form';

export interface WebhookSenderOptions {
  publicBaseUrl: string;
  authToken: string;
  accountSid: string;
  selfUrl: () => string;
  logger: Logger;
}

export interface TextFromPhone {
  sid: string;
  from: string;
  to: string;
  body: string;
}

/** Lantern's answer to the webhook; `status` is null when it never answered. */
export type WebhookOutcome = { status: number; problem?: undefined } | { status: null; problem: string };

// Twilio gives up on a webhook after 15 seconds.
const TWILIO_WEBHOOK_TIMEOUT_MS = 15_000;

/**
 * Delivers a text from a simulated phone exactly as Twilio would: its messaging webhook form,
 * signed for the PUBLIC url (what Lantern checks against), but posted to the service's own
 * address, since the public URL may be a proxy the service cannot reach from inside.
 */
export function createWebhookSender(options: WebhookSenderOptions) {
  const pending = new Set<AbortController>();

  return {
    async send(text: TextFromPhone): Promise<WebhookOutcome> {
      const params = inboundWebhookParams(text, options.accountSid);
      const signature = twilio.getExpectedTwilioSignature(options.authToken, `${options.publicBaseUrl}${INBOUND_PATH}`, params);
      const abort = new AbortController();
      pending.add(abort);
      try {
        const status = await postForm(`${options.selfUrl()}${INBOUND_PATH}`, params, {
          headers: { 'X-Twilio-Signature': signature },
          timeoutMs: TWILIO_WEBHOOK_TIMEOUT_MS,
          signal: abort.signal,
        });
        return { status };
      } catch (error) {
        const problem = error instanceof Error ? error.message : String(error);
        options.logger.warn({ err: error }, 'phone simulator: Lantern did not answer the inbound webhook');
        return { status: null, problem };
      } finally {
        pending.delete(abort);
      }
    },
    close(): void {
      pending.forEach((abort) => abort.abort());
    },
  };
}

/** The form Twilio posts for an incoming SMS (no media, no geography). */
export function inboundWebhookParams(text: TextFromPhone, accountSid: string): Record<string, string> {
  return {
    MessageSid: text.sid,
    SmsSid: text.sid,
    SmsMessageSid: text.sid,
    AccountSid: accountSid,
    From: text.from,
    To: text.to,
    Body: text.body,
    NumMedia: '0',
    NumSegments: String(Math.max(1, smsLength(text.body).parts)),
    SmsStatus: 'received',
    ApiVersion: '2010-04-01',
  };
}
