import { randomUUID } from 'node:crypto';
import type { Author, Channel, DbTransaction, DeliveryStatus, Direction, Message, Prisma } from '../db/client';

export interface NewMessage {
  conversationId: string;
  personId: string;
  direction: Direction;
  channel: Channel;
  author: Author;
  authorStaffId?: string | null;
  body: string;
  status: DeliveryStatus;
  providerMessageId?: string | null;
  at: Date;
}

/** Other changes to the conversation row, made in the same statement that numbers the message. */
export type AlsoOnConversation = Pick<Prisma.ConversationUpdateInput, 'deliveryFailedAt' | 'awaitingReplySince'>;

/**
 * Adds a message to the end of a conversation's timeline. The conversation row's counter hands
 * out the message's number while its row is locked for the rest of the transaction, so numbers
 * follow commit order: a reader who has seen message n has seen everything before it.
 */
export async function appendMessage(tx: DbTransaction, message: NewMessage, also: AlsoOnConversation = {}): Promise<Message> {
  const id = randomUUID();
  const { messageCount } = await tx.conversation.update({
    where: { id: message.conversationId },
    data: { ...also, messageCount: { increment: 1 }, lastMessageAt: message.at, lastMessageId: id },
    select: { messageCount: true },
  });
  return tx.message.create({
    data: {
      id,
      seq: messageCount,
      conversationId: message.conversationId,
      personId: message.personId,
      direction: message.direction,
      channel: message.channel,
      author: message.author,
      authorStaffId: message.authorStaffId ?? null,
      body: message.body,
      status: message.status,
      providerMessageId: message.providerMessageId ?? null,
      createdAt: message.at,
    },
  });
}
