import { AsyncLocalStorage } from 'node:async_hooks';

// Work someone is waiting on (a webhook Twilio holds open) marks its statements urgent, so on
// SQLite's single connection they go before queued background work (bot turns, the outbox)
// instead of behind it. The mark travels with the async context, through Prisma's own calls.
const urgency = new AsyncLocalStorage<true>();

export function asUrgent<T>(work: () => Promise<T>): Promise<T> {
  return urgency.run(true, work);
}

export function isUrgent(): boolean {
  return urgency.getStore() === true;
}
