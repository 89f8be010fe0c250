import type { Config } from '../../config/load-config';
import type { Staff } from '../../db/client';
import { csrfTokenFor } from './csrf';
import type { Session } from './session-cookie';

/** Admins must use two-step sign-in; until they set it up they can only set it up. */
export function totpRequired(staff: Pick<Staff, 'role' | 'totpEnabledAt'>): boolean {
  return staff.role === 'ADMIN' && staff.totpEnabledAt === null;
}

/** What the inbox knows about who is signed in (never the hash, secret or counters). */
export function staffView(staff: Staff) {
  return {
    id: staff.id,
    name: staff.displayName,
    email: staff.email,
    role: staff.role,
    organisationId: staff.organisationId,
    mustChangePassword: staff.mustChangePassword,
    totpEnabled: staff.totpEnabledAt !== null,
  };
}

/** The answer to sign-in and "me": who, the CSRF token for this session, and what is still owed. */
export function sessionBody(config: Readonly<Config>, staff: Staff, session: Session) {
  return { staff: staffView(staff), csrfToken: csrfTokenFor(config.sessionSecret, session.sessionId), totpRequired: totpRequired(staff) };
}
