import { smsLength } from '../twilio-sms/segments';
import type { SimulatedText, TextStatus } from './phone-threads';

/** Twilio's JSON shapes for the Messages resource, so the real SDK reads the simulator's answers as Twilio's. */

export const API_VERSION = '2010-04-01';

export interface TwilioReply {
  status: number;
  body: unknown;
}

export function twilioError(status: number, code: number, message: string): TwilioReply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

// How Twilio names the phone's own texts in its list: it received them.
const INBOUND_STATUS: Record<TextStatus, string> = {
  sending: 'receiving', accepted: 'receiving', queued: 'receiving', sent: 'receiving', delivered: 'received', failed: 'failed',
};

// Twilio writes RFC 2822 dates with "+0000", not "GMT".
const rfc2822 = (date: Date): string => date.toUTCString().replace('GMT', '+0000');

export function messageJson(text: SimulatedText) {
  const outbound = text.direction === 'from-lantern';
  const uri = `/${API_VERSION}/Accounts/${text.accountSid}/Messages/${text.sid}.json`;
  return {
    sid: text.sid,
    account_sid: text.accountSid,
    api_version: API_VERSION,
    body: text.body,
    direction: outbound ? 'outbound-api' : 'inbound',
    to: outbound ? text.phone : text.lanternNumber,
    from: outbound ? text.lanternNumber : text.phone,
    messaging_service_sid: text.messagingServiceSid ?? null,
    status: outbound ? text.status : INBOUND_STATUS[text.status],
    error_code: null,
    error_message: null,
    num_segments: String(Math.max(1, smsLength(text.body).parts)),
    num_media: '0',
    price: null,
    price_unit: 'USD',
    date_created: rfc2822(text.at),
    date_updated: rfc2822(text.at),
    date_sent: null,
    uri,
    subresource_uris: { media: uri.replace('.json', '/Media.json') },
  };
}

/** One page of Twilio's list answer; `pageUri(n)` names page n with the same filters. */
export function messagePage(texts: SimulatedText[], page: number, pageSize: number, pageUri: (page: number) => string) {
  const start = page * pageSize;
  return {
    messages: texts.slice(start, start + pageSize).map(messageJson),
    page,
    page_size: pageSize,
    start,
    end: Math.max(start, Math.min(start + pageSize, texts.length) - 1),
    uri: pageUri(page),
    first_page_uri: pageUri(0),
    next_page_uri: start + pageSize < texts.length ? pageUri(page + 1) : null,
    previous_page_uri: page > 0 ? pageUri(page - 1) : null,
  };
}
