import type { TurnContext } from 'botbuilder';

// After a person erases their data, the bot must not write their dialog or user state back at
// the end of the turn. The dialog marks the turn; the bot deletes state instead of saving it.

const ERASED = Symbol('lantern.erased');

export function markErasedThisTurn(context: TurnContext): void {
  context.turnState.set(ERASED, true);
}

export function wasErasedThisTurn(context: TurnContext): boolean {
  return context.turnState.get(ERASED) === true;
}
