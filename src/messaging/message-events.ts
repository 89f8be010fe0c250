import { EventEmitter } from 'node:events';
import type { Channel } from '../db/client';

export interface MessagesAppended {
  conversationId: string;
  personId: string;
  channel: Channel;
}

/**
 * In-process news that a conversation's timeline grew, so live readers (a web chat socket, the
 * outbox) look now instead of at their next poll. Only a hint: readers always read the database,
 * and every reader also polls, so another instance's writes are never missed for long.
 */
export class MessageEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open web chat socket; thousands are expected, not a leak.
    this.emitter.setMaxListeners(0);
  }

  appended(event: MessagesAppended): void {
    this.emitter.emit('appended', event);
    this.emitter.emit(`appended:${event.conversationId}`, event);
  }

  onAppended(listener: (event: MessagesAppended) => void): () => void {
    this.emitter.on('appended', listener);
    return () => this.emitter.off('appended', listener);
  }

  /** A person's inbox state changed without a new message (claimed, handed back, paused, a note). */
  personChanged(personId: string): void {
    this.emitter.emit('person-changed', personId);
  }

  onPersonChanged(listener: (personId: string) => void): () => void {
    this.emitter.on('person-changed', listener);
    return () => this.emitter.off('person-changed', listener);
  }

  onConversation(conversationId: string, listener: (event: MessagesAppended) => void): () => void {
    const name = `appended:${conversationId}`;
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
