import restify, { type Server } from 'restify';
import { z } from 'zod';
import { route } from '../../api/http';
import { optIn, optOut } from '../../domain/opt-out/opt-out';
import { normalisePhone } from '../../lib/phone';
import { MAX_INBOUND_LENGTH, recordInbound } from '../../messaging/record-inbound';
import type { ChannelDependencies } from '../channel-dependencies';
import { smsReference } from './sms-reference';
import { answerTwilio, MAX_WEBHOOK_BYTES, verifiedTwilioParams } from './webhook-request';

const inboundText = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be a Twilio message SID'),
  From: z.string().trim().min(1, 'is required').max(40),
  To: z.string().trim().min(1, 'is required').max(40),
  Body: z.string().max(MAX_INBOUND_LENGTH, `is longer than ${MAX_INBOUND_LENGTH} characters`).default(''),
  NumMedia: z.coerce.number().int().min(0).default(0),
  // Set by Twilio's Advanced Opt-Out when the text was a keyword it has already acted on.
  OptOutType: z.enum(['STOP', 'START', 'HELP']).optional(),
});

/**
 * POST /api/sms/inbound: Twilio's messaging webhook. The text is stored before Twilio gets its
 * answer (so it survives a crash) and answered by the bot afterwards; a repeated MessageSid is
 * acknowledged and nothing more.
 */
export function mountSmsInbound(server: Server, deps: ChannelDependencies): void {
  const { config, db, clock, logger } = deps;
  server.post(
    '/api/sms/inbound',
    restify.plugins.bodyReader({ maxBodySize: MAX_WEBHOOK_BYTES }),
    route(logger, async (req, res) => {
      const text = inboundText.parse(verifiedTwilioParams(req, config.sms, config.publicBaseUrl));
      const phone = normalisePhone(text.From) ?? text.From;
      const lanternNumber = normalisePhone(text.To) ?? text.To;
      const body = text.Body.length === 0 && text.NumMedia > 0 ? '(a picture or file)' : text.Body;
      const recorded = await recordInbound(
        db,
        {
          channel: 'SMS',
          address: phone,
          calledNumber: lanternNumber,
          providerMessageId: text.MessageSid,
          body,
          reference: JSON.stringify(smsReference(phone, lanternNumber)),
          // Twilio has already answered its own keywords; a second reply would only confuse.
          handled: text.OptOutType !== undefined,
        },
        clock,
      );
      if (!recorded.duplicate) {
        if (text.OptOutType === 'STOP' && !recorded.person.optedOutAt) {
          await optOut(db, { personId: recorded.person.id, source: 'carrier', clock });
        } else if (text.OptOutType === 'START' && recorded.person.optedOutAt) {
          await optIn(db, recorded.person.id);
        }
        deps.events.appended({ conversationId: recorded.person.conversation.id, personId: recorded.person.id, channel: 'SMS' });
      }
      answerTwilio(res);
      if (!recorded.duplicate && text.OptOutType === undefined) void deps.answer(recorded.message);
    }),
  );
}
