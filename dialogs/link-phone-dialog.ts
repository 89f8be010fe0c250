import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { ComponentDialog, TextPrompt, WaterfallDialog, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { BotDependencies } from '../src/bot/bot-dependencies';
import { channelAddress } from '../src/bot/channel-address';
import { turnPerson } from '../src/bot/turn-state';
import { linkPhone } from '../src/domain/people/link-phone';
import { AppError } from '../src/lib/errors';
import { normalisePhone } from '../src/lib/phone';
import { messages } from './messages';

export const LINK_PHONE_DIALOG = 'link-phone';
const PHONE_PROMPT = 'link-phone.number';
const CODE_PROMPT = 'link-phone.code';

const CODE_LIFETIME_MS = 10 * 60_000;
const MAX_CODE_TRIES = 3;
// Not "cancel" or "stop": those are carrier opt-out keywords, answered before any dialog runs.
const CANCEL = /^\s*(?:no|no thanks|not now|nevermind|never mind|forget it|leave it)\W*$/i;

interface PendingCode {
  phone: string;
  /** Only a hash is kept in the dialog state, with the person's id as salt. */
  codeHash: string;
  expiresAt: number;
}

const hashCode = (code: string, personId: string) => createHash('sha256').update(`${personId}:${code}`).digest('hex');

function codeMatches(said: string, codeHash: string, personId: string): boolean {
  const code = said.replace(/\s/g, '');
  if (!/^\d{6}$/.test(code)) return false;
  return timingSafeEqual(Buffer.from(hashCode(code, personId), 'hex'), Buffer.from(codeHash, 'hex'));
}

/**
 * "link my phone" in web chat: texts a one-time code to the phone, and once the person types it
 * here, their texts and this chat become one conversation.
 */
export class LinkPhoneDialog extends ComponentDialog {
  constructor(private readonly deps: BotDependencies) {
    super(LINK_PHONE_DIALOG);
    this.addDialog(new TextPrompt(PHONE_PROMPT, async (prompt: PromptValidatorContext<string>) => {
      const said = prompt.recognized.value ?? '';
      return CANCEL.test(said) || normalisePhone(said) !== null;
    }));
    this.addDialog(new TextPrompt(CODE_PROMPT, async (prompt: PromptValidatorContext<string>) => {
      const said = prompt.recognized.value ?? '';
      const { codeHash, personId } = prompt.options.validations as { codeHash: string; personId: string };
      // A wrong code is asked again; the last wrong try goes through to be refused in words.
      return CANCEL.test(said) || codeMatches(said, codeHash, personId) || prompt.attemptCount >= MAX_CODE_TRIES;
    }));
    this.addDialog(new WaterfallDialog(`${LINK_PHONE_DIALOG}.steps`, [
      this.askForNumber.bind(this),
      this.textCode.bind(this),
      this.checkCode.bind(this),
    ]));
    this.initialDialogId = `${LINK_PHONE_DIALOG}.steps`;
  }

  private async askForNumber(step: WaterfallStepContext) {
    if (channelAddress(step.context.activity).channel !== 'WEB_CHAT' || !this.deps.textCode) {
      await step.context.sendActivity(messages.linkOnlyInWebChat());
      return step.endDialog();
    }
    const given = (step.options as { phone?: string | null } | undefined)?.phone;
    if (given && normalisePhone(given)) return step.next(given);
    return step.prompt(PHONE_PROMPT, { prompt: messages.linkAskPhone(), retryPrompt: messages.linkPhoneRetry() });
  }

  private async textCode(step: WaterfallStepContext) {
    const said = String(step.result ?? '');
    const phone = normalisePhone(said);
    if (!phone) {
      await step.context.sendActivity(messages.linkCancelled());
      return step.endDialog();
    }
    const person = turnPerson(step.context);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const outcome = await this.deps.textCode?.(person.organisationId, phone, messages.linkCodeText(code));
    if (outcome !== 'sent') {
      await step.context.sendActivity(outcome === 'too-many' ? messages.linkTooManyCodes() : messages.linkCouldNotText());
      return step.endDialog();
    }
    const pending: PendingCode = { phone, codeHash: hashCode(code, person.id), expiresAt: this.deps.clock.now().getTime() + CODE_LIFETIME_MS };
    (step.values as { pending?: PendingCode }).pending = pending;
    return step.prompt(CODE_PROMPT, {
      prompt: messages.linkCodeSent(phone.slice(-3)),
      retryPrompt: messages.linkCodeWrong(),
      validations: { codeHash: pending.codeHash, personId: person.id },
    });
  }

  private async checkCode(step: WaterfallStepContext) {
    const said = String(step.result ?? '');
    const pending = (step.values as { pending: PendingCode }).pending;
    const person = turnPerson(step.context);
    if (CANCEL.test(said)) {
      await step.context.sendActivity(messages.linkCancelled());
      return step.endDialog();
    }
    if (this.deps.clock.now().getTime() > pending.expiresAt) {
      await step.context.sendActivity(messages.linkCodeExpired());
      return step.endDialog();
    }
    if (!codeMatches(said, pending.codeHash, person.id)) {
      await step.context.sendActivity(messages.linkGaveUp());
      return step.endDialog();
    }
    try {
      await linkPhone(this.deps.db, { personId: person.id, phone: pending.phone, clock: this.deps.clock });
    } catch (error) {
      if (!(error instanceof AppError && error.kind === 'conflict')) throw error;
      await step.context.sendActivity(messages.linkNumberTaken());
      return step.endDialog();
    }
    await step.context.sendActivity(messages.linked());
    return step.endDialog();
  }
}
