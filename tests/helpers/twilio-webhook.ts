import { randomBytes } from 'node:crypto';
import net from 'node:net';
import twilio from 'twilio';

/** A port nothing listens on right now, so PUBLIC_BASE_URL can be known before the service starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export const messageSid = (): string => `SM${randomBytes(16).toString('hex')}`;

/** The form Twilio posts when a text arrives. */
export function inboundText(from: string, to: string, body: string, extra: Record<string, string> = {}): Record<string, string> {
  const sid = messageSid();
  return {
    ToCountry: 'GB', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: body,
    To: to, NumSegments: '1', MessageSid: sid, AccountSid: `AC${'1'.repeat(32)}`, From: from, ApiVersion: '2010-04-01',
    ...extra,
  };
}

/** POSTs a form to `postTo`, signed as Twilio would sign it for `signedUrl` (the public URL). */
export async function postSignedForm(
  postTo: string,
  params: Record<string, string>,
  options: { authToken: string; signedUrl?: string; signature?: string | null },
): Promise<{ status: number; body: string; ms: number }> {
  const signature = options.signature === undefined
    ? twilio.getExpectedTwilioSignature(options.authToken, options.signedUrl ?? postTo, params)
    : options.signature;
  const started = Date.now();
  const response = await fetch(postTo, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(signature ? { 'X-Twilio-Signature': signature } : {}) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: response.status, body: await response.text(), ms: Date.now() - started };
}
