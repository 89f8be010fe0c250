import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';

/** Who a Direct Line token speaks for: one web chat visitor in one conversation. */
export interface DirectLineSession {
  conversationId: string;
  userId: string;
  /** The practice whose own link (/p/<ODS code>) started this chat: a new person is attributed to it. */
  practiceId?: string;
}

/** How long a token opens the conversation; the page refreshes it every 15 minutes while open. */
export const TOKEN_LIFETIME_SECONDS = 60 * 60;

/**
 * How long a visitor who closed the page can come back to the same conversation. Decision: a
 * person often returns days later (a coach has replied overnight, a check-in is due), and
 * starting them as a stranger would split their story and lose the coach's reply. So an expired
 * token may still be refreshed, and only refreshed, until 30 days after it was last issued;
 * each refresh moves that date, so someone who keeps coming back keeps their conversation,
 * and one who stays away a month starts afresh. Shared computers: the page's "Start again on
 * this device" button forgets the token.
 */
export const RESUME_WINDOW_SECONDS = 30 * 24 * 60 * 60;

// A standard HS256 JSON Web Token, so Web Chat can read the user id from its `user` claim.
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

const claimsSchema = z.object({
  conv: z.string().min(1).max(100),
  user: z.string().min(1).max(100),
  iat: z.number().int(),
  exp: z.number().int(),
  /** Until when (seconds since the epoch) an expired token may still be refreshed. */
  resume: z.number().int(),
  prac: z.string().min(1).max(100).optional(),
});
type Claims = z.infer<typeof claimsSchema>;

export interface IssuedToken {
  token: string;
  expiresIn: number;
}

/** Stateless, signed Direct Line tokens: nothing is stored, so any Lantern instance can check them. */
export class DirectLineTokens {
  private readonly key: Buffer;

  constructor(
    sessionSecret: string,
    private readonly clock: Clock,
  ) {
    // A key of its own, derived from the session secret, so no other signed value Lantern
    // makes (a coach's session) can ever pass as a Direct Line token.
    this.key = createHmac('sha256', sessionSecret).update('lantern:direct-line-token:v1').digest();
  }

  issue(session: DirectLineSession): IssuedToken {
    const now = this.nowSeconds();
    const claims: Claims = {
      conv: session.conversationId,
      user: session.userId,
      iat: now,
      exp: now + TOKEN_LIFETIME_SECONDS,
      resume: now + RESUME_WINDOW_SECONDS,
      ...(session.practiceId ? { prac: session.practiceId } : {}),
    };
    const body = `${HEADER}.${base64url(JSON.stringify(claims))}`;
    return { token: `${body}.${this.sign(body)}`, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  /** The session behind a live token. Forged, damaged or expired tokens are refused with 403. */
  verify(token: string): DirectLineSession {
    const claims = this.genuineClaims(token);
    if (claims.exp <= this.nowSeconds()) throw refused('This chat session has expired. Please reload the page.');
    return sessionOf(claims);
  }

  /** As verify, but also accepts an expired token inside its resume window: for refreshing only. */
  verifyForRefresh(token: string): DirectLineSession {
    const claims = this.genuineClaims(token);
    if (claims.resume <= this.nowSeconds()) throw refused('This chat session is too old to resume. Please start again.');
    return sessionOf(claims);
  }

  private genuineClaims(token: string): Claims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) throw refused();
    const [header, payload, signature] = parts as [string, string, string];
    const expected = Buffer.from(this.sign(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (header !== HEADER || given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
    const claims = claimsSchema.safeParse(parseJson(Buffer.from(payload, 'base64url').toString('utf8')));
    if (!claims.success) throw refused();
    return claims.data;
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private nowSeconds(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }
}

function sessionOf(claims: Claims): DirectLineSession {
  return { conversationId: claims.conv, userId: claims.user, ...(claims.prac ? { practiceId: claims.prac } : {}) };
}

/** A new conversation id: random and URL-safe (24 characters). */
export function newConversationId(): string {
  return randomBytes(18).toString('base64url');
}

function refused(message = 'This chat session is not valid. Please reload the page.'): AppError {
  return new AppError('forbidden', message);
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
