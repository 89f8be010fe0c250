import { ComponentDialog, ConfirmPrompt, ListStyle, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { markErasedThisTurn } from '../src/bot/erasure';
import { turnPerson } from '../src/bot/turn-state';
import { erasePerson } from '../src/domain/people/erase-person';
import { messages } from './messages';

export const DELETE_DATA_DIALOG = 'delete-data';
const CONFIRM_PROMPT = 'delete-data.confirm';

/** "delete my data": one clear confirmation, then everything about the person is erased. */
export class DeleteDataDialog extends ComponentDialog {
  constructor(private readonly deps: BotDependencies) {
    super(DELETE_DATA_DIALOG);
    const confirm = new ConfirmPrompt(CONFIRM_PROMPT, undefined, 'en-gb');
    // The question already says "Reply YES ... or NO"; the prompt's own "(1) Yes or (2) No" would repeat it.
    confirm.style = ListStyle.none;
    this.addDialog(confirm);
    this.addDialog(new WaterfallDialog(`${DELETE_DATA_DIALOG}.steps`, [this.confirmStep.bind(this), this.eraseStep.bind(this)]));
    this.initialDialogId = `${DELETE_DATA_DIALOG}.steps`;
  }

  private async confirmStep(step: WaterfallStepContext) {
    return step.prompt(CONFIRM_PROMPT, { prompt: messages.deleteConfirm(), retryPrompt: messages.deleteConfirm() });
  }

  private async eraseStep(step: WaterfallStepContext) {
    if (step.result !== true) {
      await step.context.sendActivity(messages.deleteKept());
      return step.endDialog();
    }
    await erasePerson(this.deps.db, { personId: turnPerson(step.context).id, actor: { type: 'person' } });
    markErasedThisTurn(step.context);
    await step.context.sendActivity(messages.deleteDone());
    return step.endDialog();
  }
}
