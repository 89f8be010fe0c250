import type { StaffRole } from '../../db/client';

/**
 * Who is making an API request. Every route scopes what it reads and changes to the principal's
 * organisation; nothing is looked up by id alone.
 */
export type Principal =
  | { kind: 'staff'; staffId: string; organisationId: string; role: StaffRole; name: string; practiceId: string | null }
  | { kind: 'api-token'; tokenId: string; organisationId: string; practiceId: string | null };

/** The staff id to record as the actor of a change, if a person (not a script) made it. */
export function actingStaffId(principal: Principal): string | null {
  return principal.kind === 'staff' ? principal.staffId : null;
}
