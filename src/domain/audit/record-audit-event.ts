import type { DbOrTransaction } from '../../db/client';

export type AuditActor =
  | { type: 'staff'; staffId: string }
  | { type: 'api-token'; tokenId: string }
  | { type: 'person' }
  | { type: 'system' };

export interface RecordAuditEventOptions {
  organisationId: string;
  actor: AuditActor;
  action: string;
  personId?: string | null;
  /** Ids, counts and states only: never message text, names or phone numbers. */
  detail?: Record<string, string | number | boolean | null>;
}

export async function recordAuditEvent(db: DbOrTransaction, options: RecordAuditEventOptions): Promise<void> {
  const { actor } = options;
  const detail = { ...options.detail, ...(actor.type === 'api-token' ? { tokenId: actor.tokenId } : {}) };
  await db.auditEvent.create({
    data: {
      organisationId: options.organisationId,
      actorType: actor.type,
      actorStaffId: actor.type === 'staff' ? actor.staffId : null,
      action: options.action,
      personId: options.personId ?? null,
      detail: JSON.stringify(detail),
    },
  });
}
