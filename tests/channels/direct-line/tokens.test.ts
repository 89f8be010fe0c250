import { createHmac } from 'node:crypto';
import { DirectLineTokens, newConversationId, RESUME_WINDOW_SECONDS, TOKEN_LIFETIME_SECONDS } from '../../../src/channels/direct-line/tokens';
import { AppError } from '../../../src/lib/errors';
import { fixedClock } from '../../../src/lib/clock';

const SECRET = 'a-session-secret-of-at-least-thirty-two-characters';
const session = { conversationId: 'conv-AbC_123', userId: 'conv-AbC_123' };

function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the token to be refused');
}

describe('Direct Line tokens', () => {
  it('open the conversation they were issued for, for an hour', () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const tokens = new DirectLineTokens(SECRET, clock);
    const issued = tokens.issue(session);
    expect(issued.expiresIn).toBe(3600);
    expect(tokens.verify(issued.token)).toEqual(session);
    clock.advance((TOKEN_LIFETIME_SECONDS - 1) * 1000);
    expect(tokens.verify(issued.token)).toEqual(session);
    clock.advance(1000);
    expect(refusal(() => tokens.verify(issued.token)).status).toBe(403);
  });

  it('can be refreshed after expiry for 30 days from when they were last issued, and no longer', () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const tokens = new DirectLineTokens(SECRET, clock);
    const first = tokens.issue(session);
    clock.advance(20 * 24 * 3600 * 1000);
    expect(refusal(() => tokens.verify(first.token)).status).toBe(403);
    const refreshed = tokens.issue(tokens.verifyForRefresh(first.token));
    expect(tokens.verify(refreshed.token)).toEqual(session);
    // The first token's window ends 30 days after it was issued; the refreshed one's runs on.
    clock.advance(10 * 24 * 3600 * 1000);
    expect(refusal(() => tokens.verifyForRefresh(first.token)).message).toMatch(/too old/);
    expect(tokens.verifyForRefresh(refreshed.token)).toEqual(session);
    clock.advance(RESUME_WINDOW_SECONDS * 1000);
    expect(refusal(() => tokens.verifyForRefresh(refreshed.token)).status).toBe(403);
  });

  it('refuses tokens signed with another secret, tampered with, or not tokens at all', () => {
    const clock = fixedClock('2025-03-01T10:00:00Z');
    const tokens = new DirectLineTokens(SECRET, clock);
    const elsewhere = new DirectLineTokens(`${SECRET}-other`, clock).issue(session).token;
    expect(refusal(() => tokens.verify(elsewhere)).status).toBe(403);

    const [header, payload, signature] = tokens.issue(session).token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const otherConversation = Buffer.from(JSON.stringify({ ...claims, conv: 'someone-elses' })).toString('base64url');
    expect(refusal(() => tokens.verify(`${header}.${otherConversation}.${signature}`)).status).toBe(403);
    const longer = Buffer.from(JSON.stringify({ ...claims, exp: claims.exp + 10_000_000 })).toString('base64url');
    expect(refusal(() => tokens.verifyForRefresh(`${header}.${longer}.${signature}`)).status).toBe(403);
    // "alg: none" with no signature, the classic JWT forgery.
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(refusal(() => tokens.verify(`${none}.${payload}.`)).status).toBe(403);
    for (const junk of ['', 'abc', 'a.b.c', `${header}.${payload}`, `${header}.${payload}.${signature}.x`, '🙂.🙂.🙂', 'x'.repeat(10_000)]) {
      expect(refusal(() => tokens.verify(junk)).status).toBe(403);
    }
  });

  it('are signed with a key of their own, not the session secret itself', () => {
    const tokens = new DirectLineTokens(SECRET, fixedClock('2025-03-01T10:00:00Z'));
    const [header, payload] = tokens.issue(session).token.split('.') as [string, string];
    const withSessionSecret = createHmac('sha256', SECRET).update(`${header}.${payload}`).digest('base64url');
    expect(refusal(() => tokens.verify(`${header}.${payload}.${withSessionSecret}`)).status).toBe(403);
  });

  it('carry the user id where Web Chat looks for it (a JWT `user` claim)', () => {
    const tokens = new DirectLineTokens(SECRET, fixedClock('2025-03-01T10:00:00Z'));
    const payload = tokens.issue(session).token.split('.')[1] as string;
    expect(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))).toMatchObject({ user: session.userId, conv: session.conversationId });
  });

  it('mints conversation ids that are long, random and safe in a URL', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newConversationId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{24,}$/);
  });
});
