import twilio from 'twilio';
import type { Logger } from '../../lib/logger';
import type { PhoneThreads, SimulatedText } from './phone-threads';
import { postForm } from './post-form';
import { API_VERSION } from './twilio-json';

export interface StatusCallbackOptions {
  threads: PhoneThreads;
  authToken: string;
  /** Chosen as the sender of texts sent through a messaging service. */
  lanternNumber: string;
  selfUrl: () => string;
  logger: Logger;
  /** Pause before 'sent' and again before 'delivered': long enough to see on the page, short enough not to wait. */
  stepMs?: number;
}

const DEFAULT_STEP_MS = 250;
const CALLBACK_TIMEOUT_MS = 10_000;

/**
 * After the simulator accepts one of Lantern's texts, it moves it to 'sent' and then 'delivered'
 * and reports each step to the text's StatusCallback as Twilio does. Reports are signed for the
 * callback URL exactly as given but posted to the service's own address (the public one may be a
 * proxy it cannot reach). A report that cannot be delivered is logged and dropped, like Twilio.
 */
export function createStatusCallbacks(options: StatusCallbackOptions) {
  const stepMs = options.stepMs ?? DEFAULT_STEP_MS;
  const stopping = new AbortController();

  const report = async (text: SimulatedText): Promise<void> => {
    if (!text.statusCallback) return;
    const params: Record<string, string> = {
      MessageSid: text.sid,
      SmsSid: text.sid,
      MessageStatus: text.status,
      SmsStatus: text.status,
      AccountSid: text.accountSid,
      To: text.phone,
      From: text.lanternNumber ?? options.lanternNumber,
      ApiVersion: API_VERSION,
      ...(text.messagingServiceSid ? { MessagingServiceSid: text.messagingServiceSid } : {}),
    };
    const signature = twilio.getExpectedTwilioSignature(options.authToken, text.statusCallback, params);
    try {
      const status = await postForm(ownAddressFor(text.statusCallback, options.selfUrl()), params, {
        headers: { 'X-Twilio-Signature': signature },
        timeoutMs: CALLBACK_TIMEOUT_MS,
        signal: stopping.signal,
      });
      if (status < 200 || status >= 300) options.logger.warn({ status: text.status, answer: status }, 'phone simulator: a status callback was refused');
    } catch (error) {
      if (!stopping.signal.aborted) options.logger.warn({ err: error, status: text.status }, 'phone simulator: a status callback could not be delivered');
    }
  };

  const progress = async (sid: string): Promise<void> => {
    for (const status of ['sent', 'delivered'] as const) {
      if (!(await pause(stepMs, stopping.signal))) return;
      const current = options.threads.find(sid);
      // A messaging service picks its sender once the text leaves the queue.
      const text = options.threads.update(sid, { status, lanternNumber: current?.lanternNumber ?? options.lanternNumber });
      if (!text) return; // forgotten to keep memory bounded: nothing left to report
      await report(text);
    }
  };

  return {
    /** Starts the text on its way; never throws, never waits. */
    deliver(sid: string): void {
      progress(sid).catch((error: unknown) => options.logger.error({ err: error }, 'phone simulator: delivery progress failed'));
    },
    close(): void {
      stopping.abort();
    },
  };
}

/** The service's own address with the callback URL's path and query. */
export function ownAddressFor(callbackUrl: string, selfUrl: string): string {
  const callback = new URL(callbackUrl);
  return `${selfUrl.replace(/\/$/, '')}${callback.pathname}${callback.search}`;
}

/** Resolves true after `ms`, or false at once if stopping. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (finished: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(finished);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', onAbort);
  });
}
