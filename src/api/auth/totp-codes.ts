import { base32Decode, matchingStep, TOTP_WINDOW, timeStep } from './totp';

/**
 * Checks TOTP codes and refuses a code (or an older one) once a later or equal step has been
 * accepted for the same member of staff, so a code seen over someone's shoulder cannot be
 * used again within its window (RFC 6238 section 5.2). Remembered in memory: with several
 * instances a code could be replayed once on another instance within its 90 seconds.
 */
export class TotpCodes {
  private readonly lastAcceptedStep = new Map<string, number>();

  /** True if `code` is current for `secret` and not a replay; remembers it. */
  accept(staffId: string, secret: string, code: string, now: Date): boolean {
    const step = matchingStep(base32Decode(secret), code.replace(/\s+/g, ''), now.getTime());
    if (step === null) return false;
    const last = this.lastAcceptedStep.get(staffId);
    if (last !== undefined && step <= last) return false;
    this.lastAcceptedStep.set(staffId, step);
    this.forgetOld(timeStep(now.getTime()));
    return true;
  }

  // A step older than the window can never match again, so it need not be remembered.
  private forgetOld(current: number): void {
    if (this.lastAcceptedStep.size < 1000) return;
    for (const [staffId, step] of this.lastAcceptedStep) {
      if (step < current - TOTP_WINDOW) this.lastAcceptedStep.delete(staffId);
    }
  }
}
