import restify, { type Server } from 'restify';
import { z } from 'zod';
import { route } from '../../api/http';
import { normalisePhone } from '../../lib/phone';
import { storableText } from '../../lib/text';
import type { InboundReceipts } from '../../messaging/inbound-receipts';
import { MAX_INBOUND_LENGTH } from '../../messaging/record-inbound';
import type { ChannelDependencies } from '../channel-dependencies';
import { smsReference } from './sms-reference';
import { answerTwilio, MAX_WEBHOOK_BYTES, verifiedTwilioParams } from './webhook-request';

const inboundText = z.object({
  MessageSid: z.string().regex(/^(SM|MM)[0-9a-fA-F]{32}$/, 'must be a Twilio message SID'),
  From: storableText().trim().min(1, 'is required').max(40),
  To: storableText().trim().min(1, 'is required').max(40),
  Body: storableText().max(MAX_INBOUND_LENGTH, `is longer than ${MAX_INBOUND_LENGTH} characters`).default(''),
  NumMedia: z.coerce.number().int().min(0).default(0),
  // Set by Twilio's Advanced Opt-Out when the text was a keyword it has already acted on.
  OptOutType: z.enum(['STOP', 'START', 'HELP']).optional(),
});

/**
 * POST /api/sms/inbound: Twilio's messaging webhook. The text is kept as a receipt, committed
 * before Twilio gets its answer (so it survives a crash), and the intake stores and answers it
 * straight after; a repeated MessageSid is acknowledged and nothing more.
 */
export function mountSmsInbound(server: Server, deps: ChannelDependencies, receipts: InboundReceipts): void {
  const { config, logger } = deps;
  server.post(
    '/api/sms/inbound',
    restify.plugins.bodyReader({ maxBodySize: MAX_WEBHOOK_BYTES }),
    route(logger, async (req, res) => {
      const text = inboundText.parse(verifiedTwilioParams(req, config.sms, config.publicBaseUrl));
      const phone = normalisePhone(text.From) ?? text.From;
      const lanternNumber = normalisePhone(text.To) ?? text.To;
      const body = text.Body.length === 0 && text.NumMedia > 0 ? '(a picture or file)' : text.Body;
      await receipts.keep({
        channel: 'SMS',
        providerMessageId: text.MessageSid,
        address: phone,
        calledNumber: lanternNumber,
        body,
        optOutType: text.OptOutType ?? null,
        reference: JSON.stringify(smsReference(phone, lanternNumber)),
      });
      answerTwilio(res);
    }),
  );
}
