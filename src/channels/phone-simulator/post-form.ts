import http from 'node:http';
import https from 'node:https';

export interface PostFormOptions {
  headers?: Record<string, string>;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * POSTs a form the way Twilio's webhook caller does and resolves with the HTTP status.
 * A fresh socket each time (no keep-alive pool), so nothing lingers after the service stops.
 * Rejects when there is no answer at all (refused, timed out, aborted).
 */
export function postForm(url: string, params: Record<string, string>, options: PostFormOptions): Promise<number> {
  const body = new URLSearchParams(params).toString();
  const client = new URL(url).protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, {
      method: 'POST',
      agent: false,
      timeout: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': String(Buffer.byteLength(body)),
        'User-Agent': 'TwilioProxy/1.1 (Lantern phone simulator)',
        ...options.headers,
      },
    }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(body);
  });
}
