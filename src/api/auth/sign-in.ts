import type { Staff } from '../../db/client';
import { recordAuditEvent } from '../../domain/audit/record-audit-event';
import { AppError } from '../../lib/errors';
import { hashPassword, verifyPassword } from '../../lib/password';
import { clearFailedAttempts, lockedForSeconds, recordFailedAttempt } from './account-lockout';
import type { AuthDependencies } from './auth-dependencies';
import type { signInBody } from './auth-schemas';
import { TooManySignIns, type FailuresByAddress, type UnknownAccountLockouts } from './sign-in-throttle';
import type { TotpCodes } from './totp-codes';
import type { z } from 'zod';

/** The in-memory parts of sign-in, shared by the auth routes of one server. */
export interface SignInState {
  byAddress: FailuresByAddress;
  unknownAccounts: UnknownAccountLockouts;
  totpCodes: TotpCodes;
}

// One message for an unknown email and a wrong password, so sign-in cannot be used to find out
// who has an account.
const WRONG_EMAIL_OR_PASSWORD = 'That email and password do not match an account.';
export const NEEDS_CODE = 'Enter the 6-digit code from your authenticator app';

// Unknown emails are checked against a real hash too, so both answers take the same time.
let dummyHash: Promise<string> | undefined;
const dummyPasswordHash = () => (dummyHash ??= hashPassword('lantern-no-such-account-password'));

/**
 * Checks a sign-in attempt and returns the member of staff, or throws: 401 (wrong email,
 * password or code, or a code is needed), 403 (account switched off), 429 (too many failures
 * from this address or for this account).
 */
export async function signIn(deps: AuthDependencies, state: SignInState, body: z.infer<typeof signInBody>, address: string): Promise<Staff> {
  const now = deps.clock.now();
  const addressWait = state.byAddress.retryAfterSeconds(address, now);
  if (addressWait > 0) throw new TooManySignIns(addressWait);

  const staff = await deps.db.staff.findUnique({ where: { email: body.email } });
  if (!staff) {
    await verifyPassword(body.password, await dummyPasswordHash());
    const wait = state.unknownAccounts.retryAfterSeconds(body.email, now);
    state.byAddress.record(address, now);
    if (wait > 0) throw new TooManySignIns(wait);
    state.unknownAccounts.recordFailure(body.email, now);
    deps.logger.info({ reason: 'unknown-account', address }, 'sign-in refused');
    throw new AppError('unauthorised', WRONG_EMAIL_OR_PASSWORD);
  }

  const lockedFor = lockedForSeconds(staff, now);
  if (lockedFor > 0) {
    await verifyPassword(body.password, await dummyPasswordHash());
    state.byAddress.record(address, now);
    await auditFailure(deps, staff, 'locked');
    throw new TooManySignIns(lockedFor);
  }

  if (!(await verifyPassword(body.password, staff.passwordHash))) {
    await fail(deps, state, staff, address, 'wrong-password');
    throw new AppError('unauthorised', WRONG_EMAIL_OR_PASSWORD);
  }
  // Only someone who knows the password learns that the account is switched off.
  if (staff.disabledAt) {
    await auditFailure(deps, staff, 'disabled');
    throw new AppError('forbidden', 'This account has been switched off. Ask an admin in your organisation.');
  }
  if (staff.totpEnabledAt) {
    if (!body.code) throw new AppError('unauthorised', NEEDS_CODE, { needsCode: true });
    if (!staff.totpSecret || !state.totpCodes.accept(staff.id, staff.totpSecret, body.code, now)) {
      await fail(deps, state, staff, address, 'wrong-code');
      throw new AppError('unauthorised', 'That code is not right (each code works once). Enter the current code from your authenticator app.', { needsCode: true });
    }
  }

  await clearFailedAttempts(deps.db, staff);
  await recordAuditEvent(deps.db, {
    organisationId: staff.organisationId,
    actor: { type: 'staff', staffId: staff.id },
    action: 'staff.signed-in',
    detail: { twoStep: staff.totpEnabledAt !== null },
  });
  return staff;
}

async function fail(deps: AuthDependencies, state: SignInState, staff: Staff, address: string, reason: string): Promise<void> {
  state.byAddress.record(address, deps.clock.now());
  await recordFailedAttempt(deps.db, staff, deps.clock.now());
  await auditFailure(deps, staff, reason);
}

function auditFailure(deps: AuthDependencies, staff: Staff, reason: string): Promise<void> {
  return recordAuditEvent(deps.db, {
    organisationId: staff.organisationId,
    actor: { type: 'system' },
    action: 'staff.sign-in-failed',
    detail: { staffId: staff.id, reason },
  });
}
