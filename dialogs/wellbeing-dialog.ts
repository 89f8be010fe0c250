import { ComponentDialog, TextPrompt, WaterfallDialog, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { turnPerson } from '../src/bot/turn-state';
import { scoreIn } from '../src/understanding/intents';
import { messages } from './messages';

export const WELLBEING_DIALOG = 'wellbeing';
const OFFER_PROMPT = 'wellbeing.offer';
const SCORE_PROMPT = 'wellbeing.score';
export const WELLBEING_INTERVAL_DAYS = 28;

const YES = /^(y|yes|yeah|yep|ok|okay|sure|go on|go ahead|alright|fine|why not)\b/i;
const SKIP = /^(skip|pass|not now|no|stop|later|dunno|don'?t know)\b/i;
const NO = /^(no|nah|nope|not (?:now|today|really|yet|at the moment|right now)|maybe (?:later|another time)|later|another time|skip|pass|rather not|i'?d rather not|no thanks?|not interested)\b/i;

export interface WellbeingOptions {
  /** True when Lantern offers; false when the person asked. */
  offer: boolean;
}

type Answers = { lifeSatisfaction?: number | null; worthwhile?: number | null; happiness?: number | null; anxiety?: number | null };
const FIELDS = ['lifeSatisfaction', 'worthwhile', 'happiness', 'anxiety'] as const;

/** The four ONS4 questions: offered, never forced; any can be skipped; "not now" is always fine. */
export class WellbeingDialog extends ComponentDialog {
  constructor(private readonly deps: BotDependencies) {
    super(WELLBEING_DIALOG);
    this.addDialog(new TextPrompt(OFFER_PROMPT));
    this.addDialog(new TextPrompt(SCORE_PROMPT, validateScore));
    this.addDialog(
      new WaterfallDialog(`${WELLBEING_DIALOG}.steps`, [
        this.offerStep.bind(this),
        this.firstQuestionStep.bind(this),
        ...FIELDS.map((_, index) => this.answerStep(index)),
      ]),
    );
    this.initialDialogId = `${WELLBEING_DIALOG}.steps`;
  }

  private async offerStep(step: WaterfallStepContext<WellbeingOptions>) {
    (step.values as { answers: Answers }).answers = {};
    if (!step.options.offer) return step.next('yes');
    return step.prompt(OFFER_PROMPT, { prompt: messages.wellbeingOffer() });
  }

  private async firstQuestionStep(step: WaterfallStepContext<WellbeingOptions>) {
    const answer = String(step.result ?? '').trim();
    if (!YES.test(answer)) {
      // Not an answer to the offer at all ("I love walking"): drop the offer and hear it as it is.
      if (step.options.offer && !NO.test(answer)) return step.endDialog({ reroute: true });
      await step.context.sendActivity(messages.wellbeingDeclined());
      return step.endDialog();
    }
    return step.prompt(SCORE_PROMPT, { prompt: messages.wellbeingQuestion(0), retryPrompt: messages.wellbeingRetry() });
  }

  private answerStep(index: number) {
    return async (step: WaterfallStepContext<WellbeingOptions>) => {
      const answers = (step.values as { answers: Answers }).answers;
      answers[FIELDS[index] as keyof Answers] = scoreFrom(String(step.result ?? ''));
      if (index + 1 < FIELDS.length) {
        return step.prompt(SCORE_PROMPT, { prompt: messages.wellbeingQuestion(index + 1), retryPrompt: messages.wellbeingRetry() });
      }
      const now = this.deps.clock.now();
      await this.deps.db.wellbeingAnswers.create({ data: { personId: turnPerson(step.context).id, ...answers, startedAt: now, completedAt: now } });
      await step.context.sendActivity(messages.wellbeingDone());
      return step.endDialog();
    };
  }
}

/** Answers within four weeks mean we don't ask again yet. */
export async function answeredWellbeingRecently(deps: BotDependencies, personId: string): Promise<boolean> {
  const since = new Date(deps.clock.now().getTime() - WELLBEING_INTERVAL_DAYS * 86_400_000);
  return (await deps.db.wellbeingAnswers.count({ where: { personId, startedAt: { gte: since } } })) > 0;
}

async function validateScore(prompt: PromptValidatorContext<string>): Promise<boolean> {
  const text = String(prompt.recognized.value ?? '').trim();
  return SKIP.test(text) || scoreFrom(text) !== null;
}

/** 0-10 from "7", "seven", "about a 6", "8/10"; null for a skip or anything else. */
export function scoreFrom(text: string): number | null {
  return SKIP.test(text.trim()) ? null : scoreIn(text);
}
