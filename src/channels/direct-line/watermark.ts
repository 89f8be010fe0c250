import { z } from 'zod';

// Direct Line watermarks are opaque strings to clients; Lantern's is the last message's number in
// the timeline. Web Chat sends an empty one (or none) before it has seen anything.
const watermarkSchema = z
  .string()
  .regex(/^\d{0,9}$/, 'must be a number from an earlier answer')
  .optional()
  .transform((value) => (value ? Number(value) : 0));

/** The message number a client has seen up to (0 for none). Anything but digits is a 400. */
export function parseWatermark(value: unknown): number {
  return z.object({ watermark: watermarkSchema }).parse({ watermark: value ?? undefined }).watermark;
}

