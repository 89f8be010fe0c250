import twilio from 'twilio';

/**
 * The official Twilio SDK, optionally pointed at another API base URL (the fake API in tests,
 * a local stand-in in demos).
 *
 * Hazard: the SDK sends the account's auth token (HTTP Basic) to whatever apiBaseUrl names.
 * Set it only from configuration, never from anything a request can influence.
 */

export interface TwilioClientOptions {
  accountSid: string;
  authToken: string;
  apiBaseUrl?: string;
  /** Per request. The SDK's default is 30 s, too long to hold an outbox worker on one text. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

type RequestOptions<TData> = Parameters<twilio.RequestClient['request']>[0] & { data?: TData };
type RequestClientOptions = ConstructorParameters<typeof twilio.RequestClient>[0];

/**
 * Keeps each request's path and query but sends it to `baseUrl`. Next-page links in list
 * responses also pass through here, so paging stays on the same host.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: URL, options: RequestClientOptions) {
    super(options);
  }

  override request<TData>(opts: RequestOptions<TData>) {
    const original = new URL(opts.uri);
    const target = new URL(this.baseUrl);
    target.pathname = target.pathname.replace(/\/$/, '') + original.pathname;
    target.search = original.search;
    return super.request<TData>({ ...opts, uri: target.href });
  }
}

export function createTwilioClient(options: TwilioClientOptions): twilio.Twilio {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // No autoRetry: retries belong to the outbox, so one place counts attempts and backs off.
  const httpClient = options.apiBaseUrl === undefined
    ? undefined
    : new RebasedRequestClient(new URL(options.apiBaseUrl), { timeout });
  return twilio(options.accountSid, options.authToken, { timeout, ...(httpClient ? { httpClient } : {}) });
}
