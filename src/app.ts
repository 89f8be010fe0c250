import restify, { type Server } from 'restify';
import { route } from './api/http';
import type { ChannelModule } from './channels/channel-module';
import { mountPrivacyPage } from './pages/privacy-page';
import type { Config } from './config/load-config';
import type { Database } from './db/open-database';
import { checkReadiness } from './db/readiness';
import type { Logger } from './lib/logger';

export interface AppDependencies {
  config: Readonly<Config>;
  database: Database;
  logger: Logger;
  /** The migrations this version needs, for /readyz. */
  expectedMigrations: readonly string[];
  /** The ways people reach Lantern: SMS, web chat, the phone simulator... */
  channels?: readonly ChannelModule[];
  /** The JSON API and pages beyond the channels (sign-in, inbox, OpenAPI). */
  routes?: ReadonlyArray<(server: Server) => void>;
}

/** Builds the HTTP application: routes and error mapping, no listening (tests call this). */
export function buildApp(deps: AppDependencies): Server {
  const { logger } = deps;
  const server = restify.createServer({ name: 'lantern', handleUncaughtExceptions: false });
  // Idle keep-alive connections stay open longer than clients and proxies keep theirs (load
  // balancers commonly 60 s). Were Lantern to close first, a webhook sent on a connection at the
  // moment it closed would be reset, and Twilio would count it as failed.
  server.server.keepAliveTimeout = 65_000;
  server.server.headersTimeout = 66_000;
  server.use(restify.plugins.queryParser({ mapParams: false }));

  server.get('/healthz', route(logger, async (_req, res) => {
    res.send(200, { status: 'ok' });
  }));

  server.get('/readyz', route(logger, async (_req, res) => {
    const readiness = await checkReadiness(deps.database.db, deps.expectedMigrations);
    res.send(readiness.ready ? 200 : 503, readiness.ready ? { status: 'ready' } : { status: 'not ready', reason: readiness.reason });
  }));

  mountPrivacyPage(server);
  for (const channel of deps.channels ?? []) channel.mount(server);
  for (const mount of deps.routes ?? []) mount(server);

  answerRestifyErrorsAsJson(server);
  logRequests(server, logger);
  return server;
}

// Restify's own refusals (unknown route, wrong method, unparseable body) in Lantern's JSON shape.
function answerRestifyErrorsAsJson(server: Server) {
  server.on('restifyError', (_req, _res, err, callback) => {
    const code = typeof err.restCode === 'string' ? err.restCode : 'error';
    err.toJSON = () => ({ error: { code: kebab(code), message: err.message || 'Request refused' } });
    callback();
  });
}

// One line per request: route pattern, never the URL (it can carry codes) or bodies.
function logRequests(server: Server, logger: Logger) {
  server.on('after', (req, res, matched) => {
    logger.info(
      { reqId: req.id(), method: req.method, route: matched?.path ?? 'unmatched', status: res.statusCode, ms: Date.now() - req.time() },
      'request',
    );
  });
}

function kebab(code: string): string {
  return code.replace(/Error$/, '').replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();
}
