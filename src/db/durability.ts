import { AsyncLocalStorage } from 'node:async_hooks';

// Most commits must be on disk before Lantern tells anyone about them: a webhook's 2xx, a text
// handed to Twilio, a reply shown in web chat, an erasure confirmed. Some work tells nobody and
// is simply done again if it is lost: turning a kept receipt into a stored message, or an SMS
// turn whose replies wait in the outbox. Its commits need not wait for the disk. On SQLite (WAL)
// a commit that syncs the log syncs every commit before it too, so the next commit that tells
// someone something makes the replayable ones durable as well, in order.
//
// The mark travels with the async context, like asUrgent. Work started from inside replayable
// work that does tell someone (the outbox, an erasure, a web chat turn) must say so with asDurable.
const replayable = new AsyncLocalStorage<boolean>();

/** Runs work whose commits may wait for the next durable one: nobody is told of them, and they are redone if lost. */
export function asReplayable<T>(work: () => PromiseLike<T>): Promise<T> {
  // Awaited inside: a Prisma query only starts when it is awaited, and must start in here.
  return replayable.run(true, async () => await work());
}

/** Runs work whose commits must be on disk before it goes on, even inside replayable work. */
export function asDurable<T>(work: () => PromiseLike<T>): Promise<T> {
  return replayable.run(false, async () => await work());
}

export function isReplayable(): boolean {
  return replayable.getStore() === true;
}
