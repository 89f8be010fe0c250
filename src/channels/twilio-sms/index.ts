import type { ConversationReference } from 'botbuilder';
import type { Server } from 'restify';
import type twilio from 'twilio';
import type { ChannelDependencies } from '../channel-dependencies';
import type { ChannelModule } from '../channel-module';
import { InboundReceipts } from '../../messaging/inbound-receipts';
import { mountSmsInbound } from './inbound-route';
import { SmsIntake } from './sms-intake';
import { mountSmsStatus } from './status-route';
import { createTwilioSender } from './twilio-sender';

export interface TwilioSmsOptions {
  client: () => twilio.Twilio;
  sender: { from: string } | { messagingServiceSid: string } | null;
}

/** SMS through Twilio: the inbound and status webhooks, and the sender the outbox uses. */
export function createTwilioSmsChannel(deps: ChannelDependencies, options: TwilioSmsOptions) {
  const sender = createTwilioSender({
    client: options.client,
    sender: options.sender,
    statusCallbackUrl: `${deps.config.publicBaseUrl}/api/sms/status`,
    logger: deps.logger,
  });
  const intake = new SmsIntake(deps);
  const receipts = new InboundReceipts(deps.db, deps.config.database.provider, deps.clock, () => intake.wake());
  const channel: ChannelModule & { sender: typeof sender; deliverUnrecorded: NonNullable<ChannelModule['deliverUnrecorded']> } = {
    sender,
    mount(server: Server) {
      mountSmsInbound(server, deps, receipts);
      mountSmsStatus(server, deps);
    },
    async deliverUnrecorded(reference: Partial<ConversationReference>, texts: string[]) {
      const to = reference.user?.id;
      if (!to) return;
      for (const text of texts) await sender.sendUnrecorded(to, reference.bot?.id ?? null, text);
    },
    start() {
      intake.start();
    },
    async close() {
      await intake.stop();
    },
  };
  return channel;
}
