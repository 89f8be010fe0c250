import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import type { Config } from '../config/load-config';
import type { Logger } from '../lib/logger';
import { projectRoot } from '../lib/project-root';
import { inboxContentSecurityPolicy } from './content-security-policy';

// From the project root rather than __dirname: a build to dist/ compiles the TypeScript but
// does not copy these files.
const PUBLIC_FOLDER = path.join(projectRoot(__dirname), 'src', 'inbox-ui', 'public');

/** Addresses that all answer with the page; the page's script reads the rest from the address. */
export const INBOX_PAGE_ROUTES = ['/inbox', '/inbox/', '/inbox/people/:personId', '/inbox/directory', '/inbox/report', '/practice'] as const;
export const INBOX_ASSETS_PATH = '/inbox/assets';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface StaticFile {
  content: Buffer;
  type: string;
  etag: string;
}

export interface InboxUiDependencies {
  config: Readonly<Config>;
  logger: Logger;
}

/**
 * The coach inbox: one page (GET /inbox and its deep links) and its scripts and styles under
 * /inbox/assets/. Everything it shows comes from the JSON API, which does all the checking of
 * who is signed in; the page itself holds nothing personal.
 */
export function mountInboxUi(server: Server, deps: InboxUiDependencies): void {
  const files = readPublicFiles(deps.logger);
  const page = files.get('index.html');

  for (const url of INBOX_PAGE_ROUTES) {
    server.get(url, (_req, res, next) => {
      if (!page) {
        res.send(500, { error: { code: 'internal', message: "The inbox page's index.html is missing." } });
        return next();
      }
      securityHeaders(res);
      res.setHeader('Content-Type', page.type);
      // The page is tiny and its script names may change with a release: never keep a copy.
      res.setHeader('Cache-Control', 'no-store');
      res.sendRaw(200, page.content);
      return next();
    });
  }

  server.get(`${INBOX_ASSETS_PATH}/:file`, (req, res, next) => {
    const name = String(req.params.file ?? '');
    const file = name === 'index.html' ? undefined : files.get(name);
    if (!file) {
      res.send(404, { error: { code: 'not-found', message: 'No such inbox file' } });
      return next();
    }
    securityHeaders(res);
    res.setHeader('Content-Type', file.type);
    // Revalidated on each load (cheap: a 304), so a release is picked up at once.
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', file.etag);
    if (notModified(req, file.etag)) {
      res.sendRaw(304, '');
      return next();
    }
    res.sendRaw(200, file.content);
    return next();
  });
}

function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', inboxContentSecurityPolicy());
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Deep links name a person's id: never pass them on.
  res.setHeader('Referrer-Policy', 'no-referrer');
}

function notModified(req: Request, etag: string): boolean {
  const presented = req.header('if-none-match');
  return presented !== undefined && presented.split(',').some((tag) => tag.trim() === etag);
}

// Read once at mount, by a fixed list of extensions: nothing outside public/ can ever be served,
// and a missing file is reported when someone asks for it, never a crash at start.
function readPublicFiles(logger: Logger): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  let names: string[] = [];
  try {
    names = fs.readdirSync(PUBLIC_FOLDER);
  } catch (error) {
    logger.error({ err: error }, 'inbox: the page files are missing');
    return files;
  }
  for (const name of names) {
    const type = CONTENT_TYPES[path.extname(name)];
    if (!type) continue;
    const content = fs.readFileSync(path.join(PUBLIC_FOLDER, name));
    const etag = `"${createHash('sha256').update(content).digest('base64url').slice(0, 22)}"`;
    files.set(name, { content, type, etag });
  }
  return files;
}
