import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { turnPerson } from '../src/bot/turn-state';
import { messages } from './messages';

export const WELCOME_DIALOG = 'welcome';
const NAME_PROMPT = 'welcome.name';

const SKIP = /^(skip|no|nah|no thanks|rather not|pass|-|\.)$/i;

/** After the welcome text: what they'd like to be called, which they may skip. */
export class WelcomeDialog extends ComponentDialog {
  constructor(private readonly deps: BotDependencies) {
    super(WELCOME_DIALOG);
    this.addDialog(new TextPrompt(NAME_PROMPT));
    this.addDialog(new WaterfallDialog(`${WELCOME_DIALOG}.steps`, [this.askNameStep.bind(this), this.saveNameStep.bind(this)]));
    this.initialDialogId = `${WELCOME_DIALOG}.steps`;
  }

  private async askNameStep(step: WaterfallStepContext) {
    return step.prompt(NAME_PROMPT, { prompt: messages.askName() });
  }

  private async saveNameStep(step: WaterfallStepContext) {
    const name = preferredNameFrom(String(step.result ?? ''));
    if (!name) {
      await step.context.sendActivity(messages.nameSkipped());
      return step.endDialog();
    }
    await this.deps.db.person.update({ where: { id: turnPerson(step.context).id }, data: { preferredName: name } });
    await step.context.sendActivity(messages.nameSaved(name));
    return step.endDialog();
  }
}

/** "call me Jo", "it's Sam", "Pat x" → the name; a skip or a sentence → null. */
export function preferredNameFrom(reply: string): string | null {
  const trimmed = reply.replace(/[\u0000-\u001f]/g, ' ').trim();
  if (!trimmed || SKIP.test(trimmed)) return null;
  const stripped = trimmed
    .replace(/^(please\s+)?(call me|i'?m|it'?s|my name'?s|my name is|name'?s|just)\s+/i, '')
    .replace(/(?:\s+x+)+[\s!.,]*$/i, '') // kisses: "Jo x", "Jo xx"
    .replace(/[\s!.,]+$/, '')
    .trim();
  // A long reply is a sentence, not a name: keep the conversation going instead.
  if (!stripped || stripped.split(/\s+/).length > 3 || stripped.length > 40) return null;
  return stripped.replace(/^\p{Ll}/u, (first) => first.toUpperCase());
}

/** While we're asking for a name, "call me Jo" is a name, not a request for a phone call. */
export function isNamingThemselves(reply: string): boolean {
  const match = /^(?:please\s+)?(?:just\s+)?call me\s+(\p{L}[\p{L}'-]*)[\s.!x]*$/iu.exec(reply.trim());
  return Boolean(match && !/^(back|later|please|asap|now|today|tomorrow|soon|tonight|anytime|when)$/i.test(match[1] ?? ''));
}
