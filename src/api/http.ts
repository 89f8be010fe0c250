import type { Request, Response } from 'restify';
import { ZodError } from 'zod';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';

// The one place errors become HTTP responses: AppError keeps its status and message, a zod
// error is a 400 listing what was wrong, anything else is a 500 that says nothing internal.

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    return { status: error.status, body: { error: { code: error.kind, message: error.message, details: error.details } } };
  }
  if (error instanceof ZodError) {
    const details = error.issues.map((issue) => ({ field: issue.path.join('.'), problem: issue.message }));
    const message = details.map((d) => (d.field ? `${d.field}: ${d.problem}` : d.problem)).join('; ');
    return { status: 400, body: { error: { code: 'bad-request', message, details } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side; it has been logged.' } } };
}

export type RouteHandler = (req: Request, res: Response) => Promise<void>;

/** Wraps an async route so any error is answered in the one JSON shape and logged once. */
export function route(logger: Logger, handler: RouteHandler) {
  return async (req: Request, res: Response): Promise<void> => {
    try {
      await handler(req, res);
    } catch (error) {
      const { status, body } = errorResponse(error);
      if (status >= 500) logger.error({ err: error, reqId: req.id() }, 'request failed');
      if (!res.headersSent) res.send(status, body);
    }
  };
}
