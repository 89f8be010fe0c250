import type { Request, Response } from 'restify';
import type { Config } from '../../config/load-config';
import { SESSION_COOKIE } from './session-cookie';

/** The value of one cookie on a request, if sent. */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.header('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0 || part.slice(0, index).trim() !== name) continue;
    return part.slice(index + 1).trim();
  }
  return undefined;
}

/** Sets (or replaces) the session cookie: HttpOnly, SameSite=Strict, Path=/, Secure behind https. */
export function setSessionCookie(res: Response, config: Readonly<Config>, value: string, maxAgeSeconds: number): void {
  replaceSessionCookie(res, serialise(config, value, maxAgeSeconds));
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(res: Response, config: Readonly<Config>): void {
  replaceSessionCookie(res, serialise(config, '', 0));
}

function serialise(config: Readonly<Config>, value: string, maxAgeSeconds: number): string {
  const secure = new URL(config.publicBaseUrl).protocol === 'https:';
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}

// restify's res.header() appends; a request may re-issue the cookie twice (the sliding refresh,
// then a password change), and only the last must reach the browser.
function replaceSessionCookie(res: Response, cookie: string): void {
  const current = res.getHeader('set-cookie');
  const others = (Array.isArray(current) ? current : current === undefined ? [] : [String(current)]).filter(
    (existing) => !existing.startsWith(`${SESSION_COOKIE}=`),
  );
  res.setHeader('Set-Cookie', [...others, cookie]);
}
