/**
 * What the inbox page may load: its own scripts and styles only (no inline script or style, no
 * CDN), its own API (fetch and the event stream), no frames around it, and no form that posts
 * anywhere by itself (every form is sent by the script, so a page whose script failed cannot
 * put a password in an address).
 */
export function inboxContentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
