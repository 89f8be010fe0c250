import restify, { type Server } from 'restify';
import { z } from 'zod';
import { route } from '../../api/http';
import type { DeliveryStatus } from '../../db/client';
import { recordDeliveryStatus } from '../../messaging/delivery-status';
import type { ChannelDependencies } from '../channel-dependencies';
import { answerTwilio, MAX_WEBHOOK_BYTES, verifiedTwilioParams } from './webhook-request';

// Twilio's message statuses, and what each means for a text Lantern sent. Statuses about
// inbound texts or scheduling say nothing about delivery and are ignored.
const TWILIO_STATUSES: Record<string, DeliveryStatus | null> = {
  accepted: 'SENDING',
  scheduled: null,
  queued: 'SENDING',
  sending: 'SENDING',
  sent: 'SENT',
  delivered: 'DELIVERED',
  undelivered: 'UNDELIVERED',
  failed: 'FAILED',
  canceled: 'FAILED',
  read: 'READ',
  partially_delivered: 'UNDELIVERED',
  receiving: null,
  received: null,
};

const statusCallback = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be a Twilio message SID'),
  MessageStatus: z.string().refine((status) => Object.hasOwn(TWILIO_STATUSES, status), 'is not a Twilio message status'),
  ErrorCode: z.string().regex(/^\d{1,6}$/).optional(),
});

/** POST /api/sms/status: Twilio's delivery reports for texts Lantern sent. */
export function mountSmsStatus(server: Server, deps: ChannelDependencies): void {
  const { config, db, clock, logger } = deps;
  server.post(
    '/api/sms/status',
    restify.plugins.bodyReader({ maxBodySize: MAX_WEBHOOK_BYTES }),
    route(logger, async (req, res) => {
      const report = statusCallback.parse(verifiedTwilioParams(req, config.sms, config.publicBaseUrl));
      const status = TWILIO_STATUSES[report.MessageStatus];
      if (status) {
        const outcome = await recordDeliveryStatus(db, { providerMessageId: report.MessageSid, status, errorCode: report.ErrorCode ?? null }, clock);
        if (outcome === 'applied') {
          const message = await db.message.findUnique({ where: { providerMessageId: report.MessageSid }, select: { conversationId: true, personId: true } });
          if (message) deps.events.appended({ ...message, channel: 'SMS' });
        }
      }
      answerTwilio(res);
    }),
  );
}
