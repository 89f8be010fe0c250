import type { Request } from 'restify';
import { DIRECT_LINE_PATH } from './paths';

// A host name, IPv4 address or bracketed IPv6 address, with an optional port.
const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

/**
 * The host the visitor reached us on, so the stream URL works whichever name they used
 * (localhost, 127.0.0.1, the public name). Only the visitor's own answer depends on it.
 * Falls back to the configured public URL's host when the Host header is odd.
 */
export function requestHost(req: Request, publicBaseUrl: string): string {
  const host = req.header('host') ?? '';
  return HOST.test(host) ? host : new URL(publicBaseUrl).host;
}

/** The WebSocket origin for a request: wss when Lantern is published over https. */
export function webSocketOrigin(req: Request, publicBaseUrl: string): string {
  const scheme = publicBaseUrl.startsWith('https:') ? 'wss' : 'ws';
  return `${scheme}://${requestHost(req, publicBaseUrl)}`;
}

/** Where Web Chat opens its WebSocket; the token travels in the query (browsers cannot set headers on one). */
export function streamUrl(req: Request, publicBaseUrl: string, conversationId: string, watermark: number, token: string): string {
  const query = new URLSearchParams({ watermark: String(watermark), t: token });
  return `${webSocketOrigin(req, publicBaseUrl)}${DIRECT_LINE_PATH}/conversations/${encodeURIComponent(conversationId)}/stream?${query}`;
}
