import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { turnPerson } from '../src/bot/turn-state';
import { pauseSupport } from '../src/domain/schedules/pause-support';
import { describeLocalDate, resolvePauseUntil, type LocalDate } from '../src/understanding/pause-dates';
import { messages } from './messages';

export const PAUSE_DIALOG = 'pause';
const FOLLOW_UP = 'pause.follow-up';

/** "no, the 17th", "actually make it Friday": a correction of the date just confirmed. */
const CORRECTION = /^\s*(?:no+|nope|not|nah|actually|sorry|oops|wrong|i meant|i mean|make it|change it to|can we make it)\b/i;
const NO_DATE = /^\s*(?:no+|nope|nah|no thanks|not really|no date|don't know|dont know|not sure|leave it open)\W*$/i;

export interface PauseOptions {
  /** The time words found in their message ("till after Christmas"), if any. */
  when: string | null;
  /** The whole message: the resolver reads dates better in context than from the extracted words. */
  text: string;
}

/** Marks what the main dialog should do with a message the pause dialog did not need. */
export interface PauseResult {
  reroute: boolean;
}

/**
 * A pause on the person's terms. With a date, it is confirmed in words and can be corrected
 * straight away ("no, the 17th"). Without one, the pause starts at once and the bot asks, once,
 * whether they would like a date; "no" is fine.
 */
export class PauseDialog extends ComponentDialog {
  constructor(private readonly deps: BotDependencies) {
    super(PAUSE_DIALOG);
    // Answers are read by the steps, never refused, so there is no retry prompt.
    this.addDialog(new TextPrompt(FOLLOW_UP));
    this.addDialog(new WaterfallDialog(`${PAUSE_DIALOG}.steps`, [this.pause.bind(this), this.followUp.bind(this)]));
    this.initialDialogId = `${PAUSE_DIALOG}.steps`;
  }

  private async pause(step: WaterfallStepContext) {
    const { when, text } = (step.options ?? { when: null, text: '' }) as PauseOptions;
    const date = when ? (this.resolve(step, text) ?? this.resolve(step, when)) : null;
    await this.apply(step, date);
    if (date) {
      await step.context.sendActivity(messages.pausedUntil(this.describe(step, date)));
      (step.values as { dated?: boolean }).dated = true;
      return step.prompt(FOLLOW_UP, {});
    }
    if (when) {
      // A time we cannot pin down ("for a bit"): an open pause, no question asked.
      await step.context.sendActivity(messages.paused());
      return step.endDialog();
    }
    return step.prompt(FOLLOW_UP, { prompt: messages.pauseAskDate() });
  }

  private async followUp(step: WaterfallStepContext) {
    const said = String(step.result ?? '');
    const dated = (step.values as { dated?: boolean }).dated === true;
    if (dated) {
      const corrected = CORRECTION.test(said) ? this.resolve(step, said.replace(CORRECTION, '')) : null;
      if (!corrected) return step.endDialog({ reroute: true } satisfies PauseResult);
      await this.apply(step, corrected);
      await step.context.sendActivity(messages.pausedUntil(this.describe(step, corrected)));
      return step.endDialog({ reroute: false } satisfies PauseResult);
    }
    const date = NO_DATE.test(said) ? null : this.resolve(step, said);
    if (date) {
      await this.apply(step, date);
      await step.context.sendActivity(messages.pausedUntil(this.describe(step, date)));
    } else {
      await step.context.sendActivity(NO_DATE.test(said) ? messages.paused() : messages.pauseDateNotUnderstood());
    }
    return step.endDialog({ reroute: false } satisfies PauseResult);
  }

  private resolve(step: WaterfallStepContext, words: string): LocalDate | null {
    return resolvePauseUntil(words, this.deps.clock.now(), turnPerson(step.context).timeZone);
  }

  private describe(step: WaterfallStepContext, date: LocalDate): string {
    return describeLocalDate(date, this.deps.clock.now(), turnPerson(step.context).timeZone);
  }

  private async apply(step: WaterfallStepContext, until: LocalDate | null) {
    await pauseSupport(this.deps.db, { personId: turnPerson(step.context).id, until, clock: this.deps.clock, quietHoursEnd: this.deps.quietHours.end });
  }
}
