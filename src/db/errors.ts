import { Prisma } from './generated/sqlite/client';

/** A unique constraint refused the write. Both generated clients share one runtime, so this covers PostgreSQL too. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
