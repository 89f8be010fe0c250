import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { createWebChatPage } from '../../../src/channels/web-chat';
import { silentLogger } from '../../../src/lib/logger';
import { request } from '../../helpers/http';
import { startDirectLineHarness, type DirectLineHarness } from './direct-line-harness';

/** A GET with exactly these headers (fetch would unzip, and will not send an odd Host). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

// The page itself is driven in Chromium by tests/browser/web-chat.browser.test.ts; this checks
// what the server promises about it without a browser.
describe('The web chat page at /chat', () => {
  let dl: DirectLineHarness;

  beforeAll(async () => {
    dl = await startDirectLineHarness({ alongside: (config) => [createWebChatPage({ config, logger: silentLogger })] });
  });
  afterAll(() => dl.close());

  it('serves the page, with a referral code too, under a policy that allows only our own scripts and stream', async () => {
    for (const path of ['/chat', '/chat?ref=GP-123']) {
      const page = await request(`${dl.url}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.body).toContain('<html lang="en-GB">');
      expect(page.body).toContain('<h1>Lantern</h1>');
      expect(page.body).toContain('<a href="/privacy">How we use your information</a>');
      expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      const policy = page.headers.get('content-security-policy') ?? '';
      expect(policy).toContain("script-src 'self';");
      expect(policy).toContain(`connect-src 'self' ws://${new URL(dl.url).host}`);
      expect(policy).toContain("frame-ancestors 'none'");
      expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('names the stream origin from a secure public address as wss, and ignores a nonsense Host header', async () => {
    const secure = await startDirectLineHarness({
      alongside: (config) => [createWebChatPage({ config: { ...config, publicBaseUrl: 'https://lantern.example.org' }, logger: silentLogger })],
    });
    try {
      const page = await request(`${secure.url}/chat`);
      expect(page.headers.get('content-security-policy')).toContain(`connect-src 'self' wss://${new URL(secure.url).host};`);
      const odd = await rawGet(`${secure.url}/chat`, { Host: "x; script-src *; a" });
      expect(odd.status).toBe(200);
      expect(odd.headers['content-security-policy']).toContain("connect-src 'self' wss://lantern.example.org;");
      expect(odd.headers['content-security-policy']).not.toContain('script-src *');
    } finally {
      await secure.close();
    }
  });

  it('serves its script and styles', async () => {
    const script = await request(`${dl.url}/chat/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(script.body).toContain('/tokens/refresh');
    const styles = await request(`${dl.url}/chat/chat.css`);
    expect(styles.status).toBe(200);
    expect(styles.headers.get('content-type')).toMatch(/^text\/css/);
  });

  it('serves the Web Chat bundle from our own server, compressed and cacheable', async () => {
    const plain = await fetch(`${dl.url}/chat/webchat.js`, { headers: { 'Accept-Encoding': 'identity' } });
    const body = Buffer.from(await plain.arrayBuffer());
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(body.length).toBeGreaterThan(1_000_000);
    expect(body.toString('utf8', 0, 2000)).toContain('license');

    const zipped = await rawGet(`${dl.url}/chat/webchat.js`, { 'Accept-Encoding': 'gzip, br' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.bytes.length).toBeLessThan(body.length / 2);
    expect(gunzipSync(zipped.bytes).equals(body)).toBe(true);

    expect(plain.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const again = await fetch(`${dl.url}/chat/webchat.js`, { headers: { 'If-None-Match': String(zipped.headers.etag) } });
    expect(again.status).toBe(304);
  });
});
