import type { ConversationReference } from 'botbuilder';
import type { Server } from 'restify';

/** One way people reach Lantern, as the service mounts it. */
export interface ChannelModule {
  /** Adds the channel's routes (and, for sockets, listens for upgrades on `server.server`). */
  mount(server: Server): void;
  /** Delivers texts to someone who erased their data this turn: once, stored nowhere. */
  deliverUnrecorded?(reference: Partial<ConversationReference>, texts: string[]): Promise<void>;
  /** Starts background work, once the service is listening. */
  start?(): void;
  /** Stops background work and closes open connections. */
  close(): Promise<void>;
}
