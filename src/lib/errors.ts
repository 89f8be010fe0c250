// One application error type; src/app.ts maps it to an HTTP status and a JSON body in one place.

export type ErrorKind = 'bad-request' | 'unauthorised' | 'forbidden' | 'not-found' | 'conflict' | 'too-many-requests' | 'unavailable';

const STATUS: Record<ErrorKind, number> = {
  'bad-request': 400,
  unauthorised: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-many-requests': 429,
  unavailable: 503,
};

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.kind];
  }
}
