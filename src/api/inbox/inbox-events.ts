import type { Server } from 'restify';
import type { Db } from '../../db/client';
import type { MessageEvents } from '../../messaging/message-events';
import { authenticated, type AuthDependencies } from '../auth';

const HEARTBEAT_MS = 25_000;

/**
 * GET /api/inbox/events: server-sent events telling an open inbox that someone's conversation or
 * state changed (`event: changed`, `data: {"personId": …}`), for people of the coach's own
 * organisation only. The page then reads what it needs through the JSON API; nothing personal
 * travels on this stream.
 */
export function mountInboxEvents(server: Server, deps: { auth: AuthDependencies; db: Db; events: MessageEvents }): void {
  const organisationOf = new Map<string, string>();
  const lookUp = async (personId: string): Promise<string | null> => {
    const known = organisationOf.get(personId);
    if (known) return known;
    const person = await deps.db.person.findUnique({ where: { id: personId }, select: { organisationId: true } });
    if (person) {
      if (organisationOf.size > 50_000) organisationOf.clear();
      organisationOf.set(personId, person.organisationId);
    }
    return person?.organisationId ?? null;
  };

  server.get('/api/inbox/events', authenticated(deps.auth, { apiTokens: false }, async (req, res, principal) => {
    req.socket.setTimeout(0);
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.write('retry: 3000\n\n');
    const tell = (personId: string) => {
      void lookUp(personId).then((organisationId) => {
        if (organisationId === principal.organisationId && !res.writableEnded) res.write(`event: changed\ndata: ${JSON.stringify({ personId })}\n\n`);
      }, () => undefined);
    };
    const stopMessages = deps.events.onAppended((event) => tell(event.personId));
    const stopChanges = deps.events.onPersonChanged(tell);
    const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    await new Promise<void>((resolve) => {
      req.on('close', () => {
        clearInterval(heartbeat);
        stopMessages();
        stopChanges();
        resolve();
      });
    });
  }));
}
