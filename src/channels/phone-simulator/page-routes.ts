import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'restify';
import type { Logger } from '../../lib/logger';
import { projectRoot } from '../../lib/project-root';

// From the project root rather than __dirname: a build to dist/ compiles the TypeScript but
// does not copy these files, and both ways of running share the same source tree.
const PUBLIC_FOLDER = path.join(projectRoot(__dirname), 'src', 'channels', 'phone-simulator', 'public');

const FILES = [
  { route: '/dev/phone', file: 'index.html', type: 'text/html; charset=utf-8' },
  { route: '/dev/phone/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8' },
  { route: '/dev/phone/phone.css', file: 'phone.css', type: 'text/css; charset=utf-8' },
  { route: '/dev/phone/icon.svg', file: 'icon.svg', type: 'image/svg+xml' },
] as const;

// Only our own files: no inline scripts or styles, no framing, nothing from elsewhere.
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** GET /dev/phone and its script and styles: a phone's messaging app, in the browser. */
export function mountPhonePage(server: Server, logger: Logger): void {
  for (const { route, file, type } of FILES) {
    const content = readPublicFile(file, logger);
    server.get(route, (_req, res, next) => {
      if (content === null) {
        res.send(500, { error: { code: 'internal', message: `The phone simulator's ${file} is missing from ${PUBLIC_FOLDER}.` } });
        return next();
      }
      res.setHeader('Content-Type', type);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.sendRaw(200, content);
      return next();
    });
  }
}

// Read once at mount: a missing file is reported when someone asks for it, never a crash at start.
function readPublicFile(file: string, logger: Logger): string | null {
  try {
    return fs.readFileSync(path.join(PUBLIC_FOLDER, file), 'utf8');
  } catch (error) {
    logger.error({ err: error, file }, 'phone simulator: a page file is missing');
    return null;
  }
}
