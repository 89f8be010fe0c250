import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { messages as botTexts } from '../../dialogs/messages';
import type { Author, Channel, Db, DbTransaction, Message } from '../db/client';
import { addressKey, type PersonWithConversation } from '../domain/people/find-or-create-person-by-address';
import type { Clock } from '../lib/clock';
import type { Logger } from '../lib/logger';
import { commitReplies, type AnsweringLease, type CommitOutcome, type Reply } from '../messaging/commit-replies';
import { outboundBodies } from '../messaging/outbound-texts';
import { HeldStateWrites, holdingStateWrites } from './prisma-storage';
import { channelAddress } from './channel-address';
import { setTurnPerson } from './turn-state';

export type BotLogic = (context: TurnContext) => Promise<void>;

export interface LanternAdapterHooks {
  /** Replies are stored: wake whoever delivers them. */
  committed(messages: Message[]): void;
  /**
   * The person erased their data during the turn, so the replies (the goodbye) cannot be stored:
   * deliver them once, unrecorded.
   */
  unrecorded(channel: Channel, reference: Partial<ConversationReference>, texts: string[]): Promise<void>;
}

export interface LanternAdapterDependencies {
  db: Db;
  clock: Clock;
  logger: Logger;
  hooks: LanternAdapterHooks;
}

/** Who a proactive message is from; a turn's replies are the bot's. */
export interface Sender {
  author: Author;
  staffId?: string;
  /** Sent as one (possibly multi-part) text even from the bot: a referral and its link stay together. */
  whole?: boolean;
}

const REPLIES = Symbol('lantern.replies');
const SENDER = Symbol('lantern.sender');

/**
 * The Bot Framework adapter for Lantern's own channels (SMS and web chat). The bot never talks to
 * a channel directly: what it sends in a turn is collected and committed with the inbound
 * message's "handled" mark in one transaction, then delivered by the outbox (SMS) or read by
 * the web chat stream. So a crash mid-turn leaves the message to be answered again, and a reply
 * is never sent twice.
 */
export class LanternAdapter extends BotAdapter {
  constructor(private readonly deps: LanternAdapterDependencies) {
    super();
  }

  /**
   * Runs the bot on a stored inbound message and commits its replies (renewing or releasing the
   * answering lease with them). `person`, when the caller has just loaded them, saves the bot
   * looking them up again.
   */
  async answer(message: Message, reference: Partial<ConversationReference>, logic: BotLogic, lease?: AnsweringLease, person?: PersonWithConversation): Promise<CommitOutcome> {
    const incoming: Partial<Activity> = {
      type: ActivityTypes.Message,
      text: message.body,
      timestamp: message.createdAt,
      channelData: { lanternMessageId: message.id },
    };
    TurnContext.applyConversationReference(incoming, { ...reference, activityId: undefined }, true);
    incoming.id = message.id;
    const context = new TurnContext(this, incoming);
    if (person) setTurnPerson(context, person);
    const replies: Reply[] = [];
    context.turnState.set(REPLIES, replies);
    let state: HeldStateWrites | null = new HeldStateWrites();
    try {
      await holdingStateWrites(state, () => this.runMiddleware(context, logic));
    } catch (error) {
      // The message is kept and visible to coaches; the person is told, not left hanging. The
      // failed turn's state is dropped: the dialog stays where it was.
      this.deps.logger.error({ err: error, messageId: message.id }, 'bot turn failed');
      replies.splice(0, replies.length, ...this.toReplies(message.channel, { author: 'BOT' }, botTexts.somethingWentWrong()));
      state = null;
    }
    const held = state;
    const outcome = await commitReplies(
      this.deps.db,
      {
        personId: message.personId,
        conversationId: message.conversationId,
        answering: message.id,
        replies,
        ...(lease ? { lease } : {}),
        ...(held ? { state: (tx) => held.writeIn(tx) } : {}),
      },
      this.deps.clock,
    );
    await this.afterCommit(outcome, message.channel, reference, replies);
    return outcome;
  }

  override async sendActivities(context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const replies = context.turnState.get(REPLIES) as Reply[] | undefined;
    if (!replies) throw new Error('LanternAdapter: sendActivities outside a turn this adapter started');
    const { channel } = channelAddress(context.activity);
    const sender: Sender = context.turnState.get(SENDER) ?? { author: 'BOT' };
    return activities.map((activity) => {
      // Typing indicators, handoff events and the like are for other channels; people get words.
      if (activity.type === ActivityTypes.Message && activity.text?.trim()) {
        replies.push(...this.toReplies(channel, sender, activity.text));
      }
      return { id: randomUUID() };
    });
  }

  override async updateActivity(): Promise<void> {
    throw new Error('LanternAdapter: a sent text cannot be changed');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('LanternAdapter: a sent text cannot be taken back');
  }

  /** Proactive messages (a coach's reply, a resumption): the logic's sends are stored and delivered like replies. */
  override async continueConversation(reference: Partial<ConversationReference>, logic: BotLogic): Promise<void> {
    await this.continueAs({ author: 'BOT' }, reference, logic);
  }

  override async continueConversationAsync(
    _botAppIdOrClaims: unknown,
    reference: Partial<ConversationReference>,
    logicOrAudience: BotLogic | string,
    maybeLogic?: BotLogic,
  ): Promise<void> {
    const logic = typeof logicOrAudience === 'function' ? logicOrAudience : maybeLogic;
    if (!logic) throw new Error('LanternAdapter: continueConversationAsync needs a logic function');
    await this.continueConversation(reference, logic);
  }

  /** As continueConversation, with the replies attributed to a coach or the system. */
  async continueAs(
    sender: Sender,
    reference: Partial<ConversationReference>,
    logic: BotLogic,
    guard?: (tx: DbTransaction) => Promise<boolean>,
    incoming: { name: string; value?: unknown } = { name: 'ContinueConversation' },
  ): Promise<CommitOutcome> {
    const event: Partial<Activity> = { type: ActivityTypes.Event, name: incoming.name, value: incoming.value };
    TurnContext.applyConversationReference(event, { ...reference, activityId: undefined }, true);
    const { channel, address } = channelAddress(event);
    const found = await this.deps.db.channelAddress.findUnique({
      where: { channel_address: { channel, address: addressKey(channel, address) } },
      include: { person: { include: { conversation: { select: { id: true } } } } },
    });
    const conversationId = found?.person.conversation?.id;
    if (!found || !conversationId) return { outcome: 'person-gone' };
    const context = new TurnContext(this, event);
    const replies: Reply[] = [];
    context.turnState.set(REPLIES, replies);
    context.turnState.set(SENDER, sender);
    const state = new HeldStateWrites();
    await holdingStateWrites(state, () => this.runMiddleware(context, logic));
    const outcome = await commitReplies(
      this.deps.db,
      { personId: found.personId, conversationId, replies, state: (tx) => state.writeIn(tx), ...(guard ? { guard } : {}) },
      this.deps.clock,
    );
    await this.afterCommit(outcome, channel, reference, replies);
    return outcome;
  }

  private toReplies(channel: Channel, sender: Sender, text: string): Reply[] {
    return outboundBodies(channel, sender.author, text, sender.whole).map((body) => ({ channel, author: sender.author, authorStaffId: sender.staffId ?? null, body }));
  }

  private async afterCommit(outcome: CommitOutcome, channel: Channel, reference: Partial<ConversationReference>, replies: Reply[]) {
    if (outcome.outcome === 'committed') this.deps.hooks.committed(outcome.messages);
    else if (outcome.outcome === 'person-gone' && replies.length > 0) {
      await this.deps.hooks.unrecorded(channel, reference, replies.map((reply) => reply.body));
    }
  }
}
