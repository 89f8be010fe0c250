import type { ConversationReference } from 'botbuilder';
import type { Server } from 'restify';
import type { ChannelDependencies } from '../channel-dependencies';
import type { ChannelModule } from '../channel-module';
import { ActivityStreams } from './activity-streams';
import { mountConversationRoutes } from './conversation-routes';
import { listenForStreams } from './stream-upgrade';
import { mountTokenRoutes } from './token-routes';
import { DirectLineTokens } from './tokens';

export interface DirectLineOptions {
  /** Stream timings (tests shorten them). */
  pollMs?: number;
  heartbeatMs?: number;
}

export type DirectLineChannel = ChannelModule & { deliverUnrecorded: NonNullable<ChannelModule['deliverUnrecorded']> };

/**
 * Web chat: a Direct Line 3.0-compatible API at /v3/directline that the Bot Framework Web Chat
 * client talks to directly. Messages are stored before they are acknowledged; replies are never
 * pushed from memory but read from the timeline by each open stream, so nothing is lost between
 * a reply being committed and the visitor's socket reading it.
 */
export function createDirectLineChannel(deps: ChannelDependencies, options: DirectLineOptions = {}): DirectLineChannel {
  const tokens = new DirectLineTokens(deps.config.sessionSecret, deps.clock);
  const streams = new ActivityStreams({ db: deps.db, clock: deps.clock, logger: deps.logger, events: deps.events, ...options });
  let stopListening = () => {};
  return {
    mount(server: Server) {
      mountTokenRoutes(server, tokens, deps);
      // The visitor's own post wakes their streams at once, even before they have a timeline to listen to.
      mountConversationRoutes(server, deps, tokens, (conversationId) => streams.wake(conversationId));
      stopListening = listenForStreams(server.server, tokens, streams);
    },
    async deliverUnrecorded(reference: Partial<ConversationReference>, texts: string[]) {
      const conversationId = reference.conversation?.id;
      if (conversationId) streams.deliverUnrecorded(conversationId, texts);
    },
    async close() {
      stopListening();
      await streams.close();
    },
  };
}
