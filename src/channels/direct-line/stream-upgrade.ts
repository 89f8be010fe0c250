import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { AppError } from '../../lib/errors';
import type { ActivityStreams } from './activity-streams';
import { DIRECT_LINE_PATH, STREAM_PATH } from './paths';
import type { DirectLineSession, DirectLineTokens } from './tokens';
import { parseWatermark } from './watermark';

// Clients only send empty keep-alives; anything bigger is not Web Chat.
const MAX_CLIENT_FRAME_BYTES = 4 * 1024;

/**
 * GET /v3/directline/conversations/:id/stream?watermark=&t=<token>: the WebSocket Web Chat reads
 * from. WebSocket upgrades never reach restify's router, so this listens on the HTTP server and
 * checks the token and conversation before the handshake: a bad one gets a plain 403.
 * Returns a function that stops listening.
 */
export function listenForStreams(httpServer: HttpServer, tokens: DirectLineTokens, streams: ActivityStreams): () => void {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME_BYTES });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://lantern.invalid');
    if (!url.pathname.startsWith(`${DIRECT_LINE_PATH}/`)) {
      // Not ours; if nobody else listens, say so rather than leave the socket hanging.
      if (httpServer.listenerCount('upgrade') === 1) refuse(socket, 404);
      return;
    }
    let opened: { session: DirectLineSession; watermark: number };
    try {
      opened = openStream(url, req, tokens);
    } catch (error) {
      // A bad watermark is a ZodError: the client's mistake, not ours.
      refuse(socket, error instanceof AppError ? error.status : 400);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => streams.attach(ws, opened.session, opened.watermark));
  };
  httpServer.on('upgrade', onUpgrade);
  return () => {
    httpServer.off('upgrade', onUpgrade);
    sockets.close();
  };
}

function openStream(url: URL, req: IncomingMessage, tokens: DirectLineTokens): { session: DirectLineSession; watermark: number } {
  const match = STREAM_PATH.exec(url.pathname);
  if (!match?.[1]) throw new AppError('not-found', 'No such stream');
  const header = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const token = url.searchParams.get('t') ?? header;
  if (!token) throw new AppError('forbidden', 'A chat token is needed');
  const session = tokens.verify(token);
  if (session.conversationId !== match[1]) throw new AppError('forbidden', 'This chat token is for a different conversation.');
  return { session, watermark: parseWatermark(url.searchParams.get('watermark') ?? undefined) };
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' };

function refuse(socket: Duplex, status: number): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
