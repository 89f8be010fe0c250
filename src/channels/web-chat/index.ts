import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';
import { route } from '../../api/http';
import type { Config } from '../../config/load-config';
import type { Logger } from '../../lib/logger';
import { projectRoot } from '../../lib/project-root';
import type { ChannelModule } from '../channel-module';
import { webSocketOrigin } from '../direct-line/stream-url';
import { chatPageContentSecurityPolicy } from './content-security-policy';
import { cachedAsset, webChatBundlePath } from './webchat-bundle';

// From the project root rather than __dirname: a build to dist/ compiles the TypeScript but
// does not copy these files.
const PUBLIC_FOLDER = path.join(projectRoot(__dirname), 'src', 'channels', 'web-chat', 'public');

const PAGE_FILES = [
  { route: '/chat', file: 'index.html', type: 'text/html; charset=utf-8' },
  { route: '/chat/app.js', file: 'app.js', type: 'text/javascript; charset=utf-8' },
  { route: '/chat/chat.css', file: 'chat.css', type: 'text/css; charset=utf-8' },
] as const;

export interface WebChatPageDependencies {
  config: Readonly<Config>;
  logger: Logger;
}

/**
 * GET /chat (also /chat?ref=<code> from a practice's referral link): the public web chat page,
 * its script and styles, and Microsoft's Web Chat client served from our own node_modules.
 */
export function createWebChatPage(deps: WebChatPageDependencies): ChannelModule {
  const bundle = cachedAsset(webChatBundlePath);
  return {
    mount(server: Server) {
      for (const { route: url, file, type } of PAGE_FILES) {
        const content = readPublicFile(file, deps.logger);
        server.get(url, (req, res, next) => {
          if (content === null) {
            res.send(500, { error: { code: 'internal', message: `The web chat page's ${file} is missing.` } });
            return next();
          }
          securityHeaders(req, res, deps.config.publicBaseUrl);
          res.setHeader('Content-Type', type);
          // Small and changed with each release: always check for a newer copy.
          res.setHeader('Cache-Control', 'no-cache');
          res.sendRaw(200, content);
          return next();
        });
      }
      server.get('/chat/webchat.js', route(deps.logger, async (req, res) => {
        const asset = await bundle();
        securityHeaders(req, res, deps.config.publicBaseUrl);
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.setHeader('Cache-Control', 'public, max-age=86400');
        res.setHeader('ETag', asset.etag);
        res.setHeader('Vary', 'Accept-Encoding');
        if (req.header('if-none-match') === asset.etag) {
          res.sendRaw(304, '');
          return;
        }
        const gzipped = /\bgzip\b/.test(req.header('accept-encoding') ?? '');
        if (gzipped) res.setHeader('Content-Encoding', 'gzip');
        res.sendRaw(200, gzipped ? asset.gzipped : asset.raw);
      }));
    },
    async close() {},
  };
}

function securityHeaders(req: Request, res: Response, publicBaseUrl: string): void {
  res.setHeader('Content-Security-Policy', chatPageContentSecurityPolicy(webSocketOrigin(req, publicBaseUrl)));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The address can carry a referral code: never pass it on.
  res.setHeader('Referrer-Policy', 'no-referrer');
}

// Read once at mount: a missing file is reported when someone asks for it, never a crash at start.
function readPublicFile(file: string, logger: Logger): string | null {
  try {
    return fs.readFileSync(path.join(PUBLIC_FOLDER, file), 'utf8');
  } catch (error) {
    logger.error({ err: error, file }, 'web chat: a page file is missing');
    return null;
  }
}
