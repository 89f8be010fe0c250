import { ActivityHandler, type BotState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { MainDialog } from '../../dialogs/main-dialog';
import { messages } from '../../dialogs/messages';
import type { LanternProfile } from '../../dialogs/profile';
import { findOrCreatePersonByAddress } from '../domain/people/find-or-create-person-by-address';
import { optIn, optOut } from '../domain/opt-out/opt-out';
import { raiseUrgentFlag } from '../domain/safety/raise-urgent-flag';
import { detectCrisis } from '../understanding/crisis';
import { recogniseIntent } from '../understanding/intents';
import type { BotDependencies } from './bot-dependencies';
import { channelAddress } from './channel-address';
import { wasErasedThisTurn } from './erasure';
import { setTurnIntent, setTurnPerson, turnPersonIfKnown } from './turn-state';

// Longer than any real text or chat message; anything beyond is kept by the channel, not read.
const MAX_TEXT = 5000;

/**
 * The one bot behind every channel. Before any dialog runs, in this order: the safety net,
 * opt-out (and silence while opted out), HELP, and silence while a coach holds the conversation.
 */
export class LanternBot extends ActivityHandler {
  private readonly dialogs: MainDialog;
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(private readonly deps: BotDependencies, private readonly conversationState: BotState, private readonly userState: BotState) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('dialogState');
    this.dialogs = new MainDialog(deps, this.dialogState, userState.createProperty<LanternProfile>('profile'));
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onEvent(async (context, next) => {
      if (context.activity.name === 'handoff.status') await this.handleHandoffStatus(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    if (wasErasedThisTurn(context)) {
      await this.conversationState.delete(context);
      await this.userState.delete(context);
      return;
    }
    await this.conversationState.saveChanges(context);
    await this.userState.saveChanges(context);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const text = cleanText(context.activity.text);
    const { channel, address } = channelAddress(context.activity);
    const person = turnPersonIfKnown(context) ?? (await findOrCreatePersonByAddress(this.deps.db, { channel, address, calledNumber: context.activity.recipient?.id })).person;
    setTurnPerson(context, person);
    const intent = recogniseIntent(text);
    setTurnIntent(context, intent);

    const crisis = detectCrisis(text);
    if (crisis) {
      await context.sendActivity(messages.crisis());
      await raiseUrgentFlag(this.deps.db, { personId: person.id, reason: `crisis-message: ${crisis.kind}`, clock: this.deps.clock });
      if (intent.kind !== 'opt-out') return;
    }
    if (intent.kind === 'opt-out') {
      await optOut(this.deps.db, { personId: person.id, source: 'keyword', clock: this.deps.clock });
      await this.dialogState.delete(context);
      await context.sendActivity(messages.optedOut());
      return;
    }
    if (person.optedOutAt) {
      if (intent.kind === 'opt-in') {
        await optIn(this.deps.db, person.id);
        await context.sendActivity(messages.optedIn());
      }
      return;
    }
    if (intent.kind === 'help') {
      await context.sendActivity(messages.help({ privacyUrl: this.deps.privacyUrl, channel }));
      return;
    }
    if (person.conversation.handoffState !== 'BOT') return;

    if (!person.welcomedAt) {
      await this.deps.db.person.update({ where: { id: person.id }, data: { welcomedAt: this.deps.clock.now() } });
    }
    await this.dialogs.handle(context, intent, text, !person.welcomedAt);
  }

  /**
   * The coach's side of the handoff. Accepted: whatever the bot was asking is dropped, so the
   * person's next words go to the coach, not to a half-finished question. Completed: the bot is
   * back, and says so.
   */
  private async handleHandoffStatus(context: TurnContext): Promise<void> {
    const state = handoffState(context.activity.value);
    if (state !== 'accepted' && state !== 'completed') return;
    await this.dialogState.delete(context);
    if (state === 'completed') await context.sendActivity(messages.handedBack());
  }
}

/** A Bot Framework `handoff.status` value, as the inbox reports it. */
function handoffState(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && 'state' in value && typeof value.state === 'string' ? value.state : undefined;
}

/** Control characters out, whitespace collapsed, length bounded: odd input never reaches a rule. */
function cleanText(text: string | undefined): string {
  return (text ?? '')
    .slice(0, MAX_TEXT)
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' ')
    .trim();
}
