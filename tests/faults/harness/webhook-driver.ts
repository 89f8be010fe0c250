import http from 'node:http';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { LANTERN_NUMBER, webhookFactory } from '../../../bench/lib/twilio-webhooks';
import { sleep } from '../../../bench/lib/processes';

// Signed Twilio webhooks at a fixed concurrency, each text recorded with every attempt made for
// it. A text that did not get a 2xx is sent again later with the same MessageSid, form and
// signature, as Twilio's retry would (after `retryAfterMs`, and only while retries are allowed).

/** What Twilio waits for a webhook before giving up on it. */
export const TWILIO_TIMEOUT_MS = 15_000;

export interface Attempt {
  at: number;
  ms: number;
  status?: number;
  contentType?: string;
  body?: string;
  /** A connection refused or reset, or Twilio's 15 s timeout. */
  error?: string;
}

export interface Text {
  sid: string;
  phone: string;
  body: string;
  form: string;
  signature: string;
  attempts: Attempt[];
  accepted: boolean;
}

export interface SignedText { sid: string; phone: string; body: string; form: string; signature: string }

/** A source of new texts: null when it has none left. */
export type TextSource = () => SignedText | null;

/** `count` texts in the bench's weighted mix, from the given phones. */
export function mixedTexts(options: { authToken: string; accountSid: string; signedUrl: string; phones: readonly string[]; count: number; seed: number }): TextSource {
  const next = webhookFactory({ ...options });
  let made = 0;
  return () => {
    if (made >= options.count) return null;
    made += 1;
    const webhook = next();
    const form = new URLSearchParams(webhook.form);
    return { sid: webhook.messageSid, phone: form.get('From') ?? '', body: form.get('Body') ?? '', form: webhook.form, signature: webhook.signature };
  };
}

/** The given (phone, body) texts, in order. */
export function fixedTexts(options: { authToken: string; accountSid: string; signedUrl: string; texts: ReadonlyArray<{ phone: string; body: string }> }): TextSource {
  const prefix = randomBytes(4).toString('hex');
  let index = 0;
  return () => {
    const text = options.texts[index];
    if (!text) return null;
    index += 1;
    const sid = `SM${prefix}${index.toString(16).padStart(24, '0')}`;
    const params = inboundParams(sid, options.accountSid, text.phone, text.body);
    return { sid, ...text, form: new URLSearchParams(params).toString(), signature: twilio.getExpectedTwilioSignature(options.authToken, options.signedUrl, params) };
  };
}

function inboundParams(sid: string, accountSid: string, from: string, body: string): Record<string, string> {
  return {
    ToCountry: 'GB', SmsMessageSid: sid, NumMedia: '0', SmsSid: sid, SmsStatus: 'received', Body: body, FromCountry: 'GB',
    To: LANTERN_NUMBER, NumSegments: '1', MessageSid: sid, AccountSid: accountSid, From: from, ApiVersion: '2010-04-01',
  };
}

export class WebhookDriver {
  readonly texts = new Map<string, Text>();
  /** Retries are sent only while this is true (a suite holds them during an outage). */
  retrying = true;
  private readonly waiting: Array<{ text: Text; notBefore: number }> = [];
  private readonly agent: http.Agent;
  private inFlight = 0;
  private stopped = false;

  private issued = 0;
  private pacedFrom = 0;

  /** `ratePerSecond` paces new texts (not retries), so a load lasts long enough to be interrupted. */
  /** `keepAlive: false` (or FAULTS_KEEPALIVE=0) opens a fresh connection per webhook. */
  constructor(private readonly options: { url: string; concurrency: number; retryAfterMs?: number; ratePerSecond?: number; keepAlive?: boolean }) {
    const keepAlive = options.keepAlive ?? process.env.FAULTS_KEEPALIVE !== '0';
    this.agent = new http.Agent({ keepAlive, maxSockets: options.concurrency });
  }

  get accepted(): number {
    let n = 0;
    for (const text of this.texts.values()) if (text.accepted) n += 1;
    return n;
  }

  get unaccepted(): Text[] {
    return [...this.texts.values()].filter((text) => !text.accepted);
  }

  get inFlightNow(): number {
    return this.inFlight;
  }

  /**
   * Sends every text from `source` and retries the ones that fail, `concurrency` at a time, until
   * the source is empty and every text is accepted, or `deadlineMs` passes, or stop() is called.
   */
  async run(source: TextSource, deadlineMs: number): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    let exhausted = false;
    this.issued = 0;
    this.pacedFrom = Date.now();
    const worker = async () => {
      while (!this.stopped && Date.now() < deadline) {
        const retry = this.retrying ? this.takeDueRetry() : null;
        let text = retry;
        if (!text && !exhausted && this.mayIssue()) {
          const next = source();
          if (next) {
            this.issued += 1;
            text = { ...next, attempts: [], accepted: false };
            this.texts.set(text.sid, text);
          } else {
            exhausted = true;
          }
        }
        if (!text) {
          if (exhausted && this.waiting.length === 0 && this.inFlight === 0) return;
          await sleep(100);
          continue;
        }
        this.inFlight += 1;
        const attempt = await this.post(text);
        this.inFlight -= 1;
        text.attempts.push(attempt);
        if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) {
          text.accepted = true;
        } else {
          const backoff = (this.options.retryAfterMs ?? 1_000) * Math.min(5, text.attempts.length);
          this.waiting.push({ text, notBefore: Date.now() + backoff });
          // The server is down or restarting: do not spin through connection errors.
          if (attempt.error) await sleep(250);
        }
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, worker));
  }

  stop(): void {
    this.stopped = true;
  }

  close(): void {
    this.agent.destroy();
  }

  private mayIssue(): boolean {
    const rate = this.options.ratePerSecond;
    return rate === undefined || this.issued < ((Date.now() - this.pacedFrom) / 1000) * rate;
  }

  private takeDueRetry(): Text | null {
    const now = Date.now();
    const index = this.waiting.findIndex((entry) => entry.notBefore <= now);
    if (index < 0) return null;
    const [entry] = this.waiting.splice(index, 1);
    return entry?.text ?? null;
  }

  private post(text: Text): Promise<Attempt> {
    const at = Date.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (attempt: Omit<Attempt, 'at' | 'ms'>) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ at, ms: Date.now() - at, ...attempt });
      };
      const req = http.request(this.options.url, {
        method: 'POST',
        agent: this.agent,
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(text.form),
          'X-Twilio-Signature': text.signature,
        },
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8').slice(0, 500) }));
        res.on('error', (error) => done({ error: `response: ${(error as NodeJS.ErrnoException).code ?? error.message}` }));
      });
      // Twilio gives up on a webhook after 15 s.
      const timer = setTimeout(() => { done({ error: 'timeout' }); req.destroy(); }, TWILIO_TIMEOUT_MS);
      req.on('error', (error) => done({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
      req.end(text.form);
    });
  }
}
