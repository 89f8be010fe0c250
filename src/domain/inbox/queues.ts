import type { Channel, Db, HandoffState, Prisma } from '../../db/client';
import { normalisePhone } from '../../lib/phone';

export type QueueName = 'waiting' | 'mine' | 'paused' | 'everyone';

export interface QueueRow {
  personId: string;
  name: string | null;
  channel: Channel | null;
  handoffState: HandoffState;
  assignedCoach: { id: string; name: string } | null;
  /** Since when they have been waiting for a person (Waiting), or for my reply (Mine). */
  waitingSince: Date | null;
  lastMessage: { preview: string; at: Date; fromPerson: boolean } | null;
  pausedUntil: Date | null;
  flags: { urgent: boolean; deliveryFailed: boolean; optedOut: boolean; paused: boolean };
}

export interface ListQueue {
  organisationId: string;
  queue: QueueName;
  /** The coach asking (for "Mine"). */
  staffId: string | null;
  /** Everyone: part of a name, or a phone number. */
  search?: string;
  limit?: number;
}

const PREVIEW_LENGTH = 90;

/**
 * The coaches' queues. Waiting: asked for a coach, nobody has claimed them; urgent first, then
 * longest wait. Mine: claimed by me; those needing my reply first, longest wait first. Paused:
 * soonest back first. Everyone: search by name or phone.
 */
export async function listQueue(db: Db, options: ListQueue): Promise<QueueRow[]> {
  const take = Math.min(options.limit ?? 100, 500);
  const inOrganisation = { organisationId: options.organisationId };
  let where: Prisma.ConversationWhereInput;
  let orderBy: Prisma.ConversationOrderByWithRelationInput[];
  switch (options.queue) {
    case 'waiting':
      where = { ...inOrganisation, handoffState: 'WAITING' };
      orderBy = [{ urgentSince: { sort: 'asc', nulls: 'last' } }, { waitingSince: 'asc' }];
      break;
    case 'mine':
      where = { ...inOrganisation, handoffState: 'WITH_COACH', assignedCoachId: options.staffId ?? '-' };
      orderBy = [{ urgentSince: { sort: 'asc', nulls: 'last' } }, { awaitingReplySince: { sort: 'asc', nulls: 'last' } }, { lastMessageAt: 'desc' }];
      break;
    case 'paused':
      // The person's organisation is the conversation's (they are created together): saying so lets
      // the database start from the organisation's people instead of joining every conversation.
      where = { ...inOrganisation, person: { ...inOrganisation, pausedAt: { not: null } } };
      orderBy = [{ person: { pausedUntil: { sort: 'asc', nulls: 'last' } } }];
      break;
    case 'everyone':
      where = { ...inOrganisation, ...searchFilter(options.organisationId, options.search) };
      orderBy = [{ lastMessageAt: { sort: 'desc', nulls: 'last' } }];
      break;
  }
  const include = {
    person: { select: { id: true, preferredName: true, lastChannel: true, optedOutAt: true, pausedAt: true, pausedUntil: true } },
    assignedCoach: { select: { id: true, displayName: true } },
  } as const;
  let conversations;
  if (options.queue === 'everyone' && where.person === undefined) {
    // Everyone, unfiltered: "newest first, nulls last" as one ORDER BY sorts every conversation of
    // the organisation; as two queries the newest come straight off the (organisationId,
    // lastMessageAt) index, and those without a message yet follow only when there is room.
    const withMessages = await db.conversation.findMany({ where: { ...where, lastMessageAt: { not: null } }, orderBy: [{ lastMessageAt: 'desc' }], take, include });
    const without = withMessages.length < take ? await db.conversation.findMany({ where: { ...where, lastMessageAt: null }, take: take - withMessages.length, include }) : [];
    conversations = [...withMessages, ...without];
  } else {
    conversations = await db.conversation.findMany({ where, orderBy, take, include });
  }
  const lastIds = conversations.map((c) => c.lastMessageId).filter((id): id is string => id !== null);
  const lastMessages = new Map(
    (await db.message.findMany({ where: { id: { in: lastIds } }, select: { id: true, body: true, createdAt: true, direction: true } })).map((m) => [m.id, m]),
  );
  return conversations.map((c) => {
    const last = c.lastMessageId ? lastMessages.get(c.lastMessageId) : undefined;
    return {
      personId: c.person.id,
      name: c.person.preferredName,
      channel: c.person.lastChannel,
      handoffState: c.handoffState,
      assignedCoach: c.assignedCoach ? { id: c.assignedCoach.id, name: c.assignedCoach.displayName } : null,
      waitingSince: options.queue === 'mine' ? c.awaitingReplySince : c.waitingSince,
      lastMessage: last ? { preview: preview(last.body), at: last.createdAt, fromPerson: last.direction === 'INBOUND' } : null,
      pausedUntil: c.person.pausedUntil,
      flags: { urgent: c.urgentSince !== null, deliveryFailed: c.deliveryFailedAt !== null, optedOut: c.person.optedOutAt !== null, paused: c.person.pausedAt !== null },
    };
  });
}

// The person's organisation is repeated (it is always the conversation's): with it the database
// finds the person by the (organisationId, phone) index, or scans only the organisation's people
// for a name, instead of joining every conversation of the organisation to its person.
function searchFilter(organisationId: string, search: string | undefined): Prisma.ConversationWhereInput {
  const term = search?.trim().slice(0, 100);
  if (!term) return {};
  const phone = normalisePhone(term);
  if (phone) return { person: { organisationId, phone } };
  // Case-insensitive on both databases without provider-only options: the usual spellings of a name.
  const spellings = [...new Set([term, term.toLowerCase(), capitalise(term)])];
  return { person: { organisationId, OR: spellings.map((s) => ({ preferredName: { contains: s } })) } };
}

function capitalise(term: string): string {
  return term.toLowerCase().replace(/(^|[\s'-])\p{L}/gu, (m) => m.toUpperCase());
}

function preview(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;
}
