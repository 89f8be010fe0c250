import pino, { type Logger } from 'pino';

export type { Logger };

// Never log what people say or who they are: message bodies, phone numbers, names, tokens.
// These paths are censored wherever they appear in a log object.
const REDACT = [
  'body',
  'text',
  'phone',
  'to',
  'from',
  'password',
  'token',
  'preferredName',
  '*.body',
  '*.text',
  '*.phone',
  '*.to',
  '*.from',
  '*.Body',
  '*.From',
  '*.To',
  '*.password',
  '*.token',
  '*.preferredName',
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-twilio-signature"]',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'lantern' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/** A logger that writes nothing, for tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });
