/**
 * What the chat page may load. Scripts only from Lantern itself (no inline script, no CDN).
 * Web Chat sets styles inline at run time, so styles need 'unsafe-inline'; it also shows
 * avatars and icons as data: and blob: URLs. Connections: our own API and the WebSocket stream
 * on the host the visitor used.
 */
export function chatPageContentSecurityPolicy(webSocketOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    `connect-src 'self' ${webSocketOrigin}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
