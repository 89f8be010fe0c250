import type { Db, DeliveryStatus, Message } from '../db/client';
import { isUniqueViolation } from '../db/errors';
import { optOut } from '../domain/opt-out/opt-out';
import type { Clock } from '../lib/clock';

// How far along its way a message is. A status never moves a message backwards: a late "sent"
// after "delivered" changes nothing. Delivered, undelivered and failed are all final.
const PROGRESS: Record<DeliveryStatus, number> = {
  RECEIVED: 0,
  HANDLED: 0,
  QUEUED: 0,
  SENDING: 1,
  SENT: 2,
  DELIVERED: 3,
  UNDELIVERED: 3,
  FAILED: 3,
  READ: 4,
};

export const FAILED_STATUSES: ReadonlySet<DeliveryStatus> = new Set(['UNDELIVERED', 'FAILED']);

/** Twilio error 21610: the person replied STOP to the carrier, which now blocks texts to them. */
export const CARRIER_OPT_OUT_CODE = '21610';

export interface DeliveryReport {
  providerMessageId: string;
  status: DeliveryStatus;
  errorCode?: string | null;
}

export type DeliveryOutcome = 'applied' | 'repeat' | 'stale' | 'not-yet-known';

/**
 * Records a delivery status from the provider, once per (message, status). A report for a
 * message whose send has not finished recording is kept and applied when it has.
 */
export async function recordDeliveryStatus(db: Db, report: DeliveryReport, clock: Clock): Promise<DeliveryOutcome> {
  try {
    await db.deliveryEvent.create({
      data: { providerMessageId: report.providerMessageId, status: report.status, errorCode: report.errorCode ?? null, receivedAt: clock.now() },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return 'repeat';
    throw error;
  }
  const message = await db.message.findUnique({ where: { providerMessageId: report.providerMessageId } });
  if (!message) return 'not-yet-known';
  return applyDeliveryStatus(db, message, report, clock);
}

/** Applies reports that arrived before the send was recorded (Twilio can call back that fast). */
export async function applyEarlierReports(db: Db, message: Message, clock: Clock): Promise<void> {
  if (!message.providerMessageId) return;
  const events = await db.deliveryEvent.findMany({ where: { providerMessageId: message.providerMessageId } });
  const furthest = events
    .map((event) => ({ providerMessageId: event.providerMessageId, status: event.status as DeliveryStatus, errorCode: event.errorCode }))
    .filter((report) => Object.hasOwn(PROGRESS, report.status))
    .sort((a, b) => PROGRESS[b.status] - PROGRESS[a.status])[0];
  if (furthest) await applyDeliveryStatus(db, message, furthest, clock);
}

async function applyDeliveryStatus(db: Db, message: Message, report: DeliveryReport, clock: Clock): Promise<DeliveryOutcome> {
  // Conditional on the status still being behind, so two reports at once cannot undo each other.
  const behind = (Object.keys(PROGRESS) as DeliveryStatus[]).filter((status) => PROGRESS[status] < PROGRESS[report.status]);
  const { count } = await db.message.updateMany({
    where: { id: message.id, status: { in: behind } },
    data: { status: report.status, errorCode: report.errorCode ?? message.errorCode },
  });
  if (count === 0) return 'stale';
  if (FAILED_STATUSES.has(report.status)) await surfaceFailure(db, message, report.errorCode ?? null, clock);
  else if (report.status === 'DELIVERED' || report.status === 'READ') {
    await db.conversation.updateMany({ where: { id: message.conversationId }, data: { deliveryFailedAt: null } });
  }
  return 'applied';
}

/**
 * A text that did not reach the person: coaches see it on the conversation, and a carrier block
 * (the person texted STOP to their network) becomes Lantern's own opt-out.
 */
export async function surfaceFailure(db: Db, message: Pick<Message, 'conversationId' | 'personId'>, errorCode: string | null, clock: Clock): Promise<void> {
  await db.conversation.updateMany({ where: { id: message.conversationId }, data: { deliveryFailedAt: clock.now() } });
  if (errorCode === CARRIER_OPT_OUT_CODE) {
    const person = await db.person.findUnique({ where: { id: message.personId }, select: { optedOutAt: true } });
    if (person && !person.optedOutAt) await optOut(db, { personId: message.personId, source: 'carrier', clock });
  }
}
