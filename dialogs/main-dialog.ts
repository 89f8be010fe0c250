import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { channelAddress } from '../src/bot/channel-address';
import { turnPerson } from '../src/bot/turn-state';
import { categoryOf, type Intent } from '../src/understanding/intents';
import { respondToCheckIn } from './check-in';
import { askForCoach } from './coach';
import { DELETE_DATA_DIALOG, DeleteDataDialog } from './delete-data-dialog';
import { LINK_PHONE_DIALOG, LinkPhoneDialog } from './link-phone-dialog';
import { messages } from './messages';
import type { LanternProfile } from './profile';
import { PAUSE_DIALOG, PauseDialog, type PauseOptions, type PauseResult } from './pause-dialog';
import { recordFollowUpAnswer } from '../src/domain/assets/follow-up';
import { setPersonArea } from '../src/domain/people/set-area';
import { attributeToPractice } from '../src/domain/practices/attribute-to-practice';
import { chooseQuietDays, resume, setRhythm } from './rhythm';
import { sendMyData } from './your-data';
import { isNamingThemselves, WELCOME_DIALOG, WelcomeDialog } from './welcome-dialog';
import { answeredWellbeingRecently, WELLBEING_DIALOG, WELLBEING_INTERVAL_DAYS, WellbeingDialog } from './wellbeing-dialog';
import { changeWhatMattersItem, noteWhatMatters, removeWhatMattersItem, showWhatMatters } from './what-matters';

// Intents that take over from a question the bot is waiting on ("what would you like me to be
// called?"): the person is always free to change the subject.
const TAKES_OVER = new Set<Intent['kind']>([
  'ask-for-coach', 'message-for-coach', 'delete-my-data', 'send-my-data', 'list-what-matters', 'change-what-matters', 'remove-what-matters',
  'add-what-matters', 'pause', 'resume', 'set-rhythm', 'set-quiet-days', 'wellbeing-questions', 'link-phone', 'practice-code', 'set-area',
]);

const WELLBEING_OFFER_AFTER_CHECK_INS = 3;

/** Routes each message to what the person meant, continuing any conversation already under way. */
export class MainDialog {
  private readonly dialogs: DialogSet;

  constructor(private readonly deps: BotDependencies, dialogState: StatePropertyAccessor<DialogState>, private readonly profile: StatePropertyAccessor<LanternProfile>) {
    this.dialogs = new DialogSet(dialogState)
      .add(new WelcomeDialog(deps))
      .add(new DeleteDataDialog(deps))
      .add(new WellbeingDialog(deps))
      .add(new LinkPhoneDialog(deps))
      .add(new PauseDialog(deps));
  }

  async handle(context: TurnContext, intent: Intent, text: string, firstContact: boolean): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) {
      const answeringNameQuestion = dc.activeDialog.id === WELCOME_DIALOG && isNamingThemselves(text);
      if (!TAKES_OVER.has(intent.kind) || answeringNameQuestion) {
        const result = await dc.continueDialog();
        // A dialog that did not need the message (no correction to a pause date) hands it back.
        if (result.status === DialogTurnStatus.complete && (result.result as PauseResult | undefined)?.reroute) {
          await this.route(dc, intent, text);
        }
        return;
      }
      await dc.cancelAllDialogs();
    }
    if (firstContact) {
      await context.sendActivity(messages.welcome({ name: turnPerson(context).preferredName, privacyUrl: this.deps.privacyUrl, channel: channelAddress(context.activity).channel }));
      if (intent.kind === 'greeting' || intent.kind === 'thanks' || (intent.kind === 'chat' && !intent.whatMatters)) {
        await dc.beginDialog(WELCOME_DIALOG);
        return;
      }
    }
    await this.route(dc, intent, text);
  }

  private async route(dc: DialogContext, intent: Intent, text: string): Promise<void> {
    const { context } = dc;
    const deps = this.deps;
    switch (intent.kind) {
      case 'ask-for-coach':
        return askForCoach(context, deps, { reason: intent.reason, differentCoach: intent.differentCoach });
      case 'message-for-coach':
        return askForCoach(context, deps, { reason: `a message for their coach: ${intent.text.slice(0, 200)}`, differentCoach: false, passingOn: true });
      case 'list-what-matters':
        return showWhatMatters(context, deps);
      case 'add-what-matters':
        return noteWhatMatters(context, deps, { category: categoryOf(intent.text), text: intent.text });
      case 'change-what-matters':
        return changeWhatMattersItem(context, deps, intent.number, intent.text);
      case 'remove-what-matters':
        return removeWhatMattersItem(context, deps, intent.number);
      case 'delete-my-data':
        await dc.beginDialog(DELETE_DATA_DIALOG);
        return;
      case 'send-my-data':
        return sendMyData(context, deps);
      case 'link-phone':
        await dc.beginDialog(LINK_PHONE_DIALOG, { phone: intent.phone });
        return;
      case 'pause':
        await dc.beginDialog(PAUSE_DIALOG, { when: intent.when, text } satisfies PauseOptions);
        return;
      case 'resume':
        return resume(context, deps);
      case 'set-rhythm':
        return setRhythm(context, deps, intent.rhythm, intent.day, intent.quietDays);
      case 'set-quiet-days':
        return chooseQuietDays(context, deps, intent.days);
      case 'wellbeing-questions':
        return this.wellbeing(dc, false);
      case 'set-area': {
        const person = turnPerson(context);
        const area = await setPersonArea(deps.db, { organisationId: person.organisationId, personId: person.id, area: intent.area });
        await context.sendActivity(area ? messages.areaNoted(area) : messages.areaForgotten());
        return;
      }
      case 'practice-code': {
        const person = turnPerson(context);
        const practice = await attributeToPractice(deps.db, { personId: person.id, organisationId: person.organisationId, odsCode: intent.code });
        if (practice) {
          await context.sendActivity(messages.practiceNoted(practice.name));
          return;
        }
        return this.checkIn(dc, { kind: 'chat', whatMatters: null, score: null }, text);
      }
      case 'greeting':
        await context.sendActivity(messages.greeting({ name: turnPerson(context).preferredName, privacyUrl: deps.privacyUrl }));
        return;
      case 'thanks':
        await context.sendActivity(messages.thanks());
        return;
      case 'chat': {
        // An answer to "how did you get on with …?" is kept for the coach, not taken as a check-in.
        const answered = await recordFollowUpAnswer(deps.db, { personId: turnPerson(context).id, text, now: deps.clock.now() });
        if (answered) {
          await context.sendActivity(messages.followUpThanks(answered.outcome));
          return;
        }
        return this.checkIn(dc, intent, text);
      }
      default:
        // opt-out, opt-in and help are answered by the bot before any dialog runs.
        return this.checkIn(dc, { kind: 'chat', whatMatters: null, score: null }, text);
    }
  }

  private async checkIn(dc: DialogContext, intent: Extract<Intent, { kind: 'chat' }>, text: string) {
    const profile = await this.profile.get(dc.context, {});
    await respondToCheckIn(dc.context, this.deps, profile, text, intent);
    // Answered as usual while paused, and asked once per pause whether they would like to carry on.
    const { pausedAt } = turnPerson(dc.context);
    if (pausedAt && profile.askedToResumeFor !== pausedAt.toISOString()) {
      profile.askedToResumeFor = pausedAt.toISOString();
      await dc.context.sendActivity(messages.pausedAskResume());
      return;
    }
    if (await this.shouldOfferWellbeing(dc.context, profile)) {
      profile.wellbeingOfferedAt = this.deps.clock.now().toISOString();
      await dc.beginDialog(WELLBEING_DIALOG, { offer: true });
    }
  }

  private async wellbeing(dc: DialogContext, offer: boolean) {
    if (await answeredWellbeingRecently(this.deps, turnPerson(dc.context).id)) {
      await dc.context.sendActivity(messages.wellbeingTooSoon());
      return;
    }
    await dc.beginDialog(WELLBEING_DIALOG, { offer });
  }

  // Offered now and then, never more than once in four weeks, and never to someone who answered lately.
  private async shouldOfferWellbeing(context: TurnContext, profile: LanternProfile): Promise<boolean> {
    if ((profile.checkIns ?? 0) < WELLBEING_OFFER_AFTER_CHECK_INS) return false;
    const lastOffer = profile.wellbeingOfferedAt ? Date.parse(profile.wellbeingOfferedAt) : 0;
    if (this.deps.clock.now().getTime() - lastOffer < WELLBEING_INTERVAL_DAYS * 86_400_000) return false;
    return !(await answeredWellbeingRecently(this.deps, turnPerson(context).id));
  }
}
