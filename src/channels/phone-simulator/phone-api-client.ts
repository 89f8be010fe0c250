import { z } from 'zod';
import { PAGE_API_PATH } from './paths';

/** The phone simulator's JSON API, as `npm run phone` uses it from outside the service. */

const simulatedText = z.object({
  sid: z.string(),
  direction: z.enum(['to-lantern', 'from-lantern']),
  body: z.string(),
  at: z.string(),
  status: z.string(),
});
const thread = z.object({ phone: z.string(), lanternNumber: z.string(), messages: z.array(simulatedText) });
const sent = z.object({ sid: z.string(), status: z.string() });
const problem = z.object({ error: z.object({ message: z.string() }) });

export type PhoneThread = z.infer<typeof thread>;

/** A failure worth one clear line on the terminal. */
export class PhoneApiError extends Error {
  override name = 'PhoneApiError';
}

export function createPhoneApiClient(baseUrl: string) {
  const endpoint = `${baseUrl}${PAGE_API_PATH}`;

  const call = async (url: string, init?: RequestInit): Promise<{ status: number; answer: unknown }> => {
    let response: Response;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
    } catch (error) {
      throw new PhoneApiError(notAnswering(baseUrl, error));
    }
    const text = await response.text();
    let answer: unknown = null;
    try { answer = JSON.parse(text); } catch { /* not JSON: explained below by status */ }
    if (response.status === 404) {
      throw new PhoneApiError(`The phone simulator is not enabled at ${baseUrl}: it runs only when no Twilio credentials are set.`);
    }
    if (response.status >= 400) {
      const reason = problem.safeParse(answer);
      throw new PhoneApiError(reason.success ? reason.data.error.message : `${baseUrl} answered HTTP ${response.status}.`);
    }
    return { status: response.status, answer };
  };

  const expect = <T>(schema: z.ZodType<T>, answer: unknown): T => {
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw new PhoneApiError(`${baseUrl} does not look like Lantern's phone simulator.`);
    return parsed.data;
  };

  return {
    async thread(phone: string): Promise<PhoneThread> {
      const { answer } = await call(`${endpoint}?phone=${encodeURIComponent(phone)}`);
      return expect(thread, answer);
    },
    async send(from: string, body: string): Promise<{ sid: string; status: string }> {
      const { answer } = await call(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ from, body }),
      });
      return expect(sent, answer);
    },
  };
}

export type PhoneApiClient = ReturnType<typeof createPhoneApiClient>;

function notAnswering(baseUrl: string, error: unknown): string {
  const reason = (error as { cause?: { code?: unknown; errors?: Array<{ code?: unknown }> } })?.cause;
  // Trying both IPv6 and IPv4 for "localhost" fails with one error per address.
  const cause = reason?.code ?? reason?.errors?.[0]?.code;
  if (cause === 'ECONNREFUSED') return `Lantern is not running at ${baseUrl} (start it with npm start).`;
  if ((error as { name?: unknown })?.name === 'TimeoutError') return `Lantern at ${baseUrl} did not answer within 20 seconds.`;
  return `Could not reach Lantern at ${baseUrl}${typeof cause === 'string' ? ` (${cause})` : ''}.`;
}
