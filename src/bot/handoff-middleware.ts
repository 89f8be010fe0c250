import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { isHandoffInitiation, type HandoffContext } from '../../dialogs/coach';
import type { Db } from '../db/client';
import { requestCoach } from '../domain/handoff/request-coach';
import type { Clock } from '../lib/clock';
import { turnPerson } from './turn-state';

/**
 * The bot side of the handoff protocol: a `handoff.initiate` event the bot sends puts the person
 * in the coaches' Waiting queue. The event still goes on to the adapter (Azure channels and tests
 * see it); Lantern's own channels deliver only messages to people.
 */
export class HandoffMiddleware implements Middleware {
  constructor(private readonly db: Db, private readonly clock: Clock) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    context.onSendActivities(async (ctx, activities, sendNext) => {
      for (const activity of activities.filter(isHandoffInitiation)) await this.initiate(ctx, activity);
      return sendNext();
    });
    await next();
  }

  private async initiate(context: TurnContext, activity: Partial<Activity>) {
    const handoff = activity.value as HandoffContext;
    await requestCoach(this.db, {
      personId: turnPerson(context).id,
      reason: handoff.differentCoach ? `asked for a different coach: ${handoff.reason}` : handoff.reason,
      summary: handoff.summary,
      clock: this.clock,
    });
  }
}
