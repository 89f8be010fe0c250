import type twilio from 'twilio';
import { z } from 'zod';
import type { Logger } from '../../lib/logger';
import { SendFailure, type ChannelSender, type Outbound } from '../../messaging/outbox';

export interface TwilioSenderOptions {
  /** Made on first use: the simulator's address is only known once the service listens. */
  client: () => twilio.Twilio;
  /** Twilio's sender when the reply cannot come from the number the person texted. */
  sender: { from: string } | { messagingServiceSid: string } | null;
  statusCallbackUrl: string;
  logger: Logger;
}

const botReference = z.object({ bot: z.object({ id: z.string().regex(/^\+[1-9]\d{6,14}$/) }) });

// Clocks differ a little between Twilio and Lantern.
const CLOCK_SKEW_MS = 5_000;

/** Sends texts with the official Twilio SDK, sorting its failures into retry, ambiguous and permanent. */
export function createTwilioSender(options: TwilioSenderOptions): ChannelSender & { sendUnrecorded(to: string, from: string | null, body: string): Promise<boolean> } {
  const senderFor = (outbound: Outbound): { from: string } | { messagingServiceSid: string } => {
    // A messaging service keeps one sender per person; otherwise reply from the number they texted.
    if (options.sender && 'messagingServiceSid' in options.sender) return options.sender;
    const texted = lanternNumberOf(outbound.reference);
    if (texted) return { from: texted };
    if (options.sender) return options.sender;
    throw new SendFailure('permanent', 'no Lantern number to send from', 'no-sender');
  };

  const create = async (to: string, body: string, from: { from: string } | { messagingServiceSid: string }) => {
    try {
      return await options.client().messages.create({ to, body, statusCallback: options.statusCallbackUrl, ...from });
    } catch (error) {
      throw classify(error);
    }
  };

  return {
    async send(outbound) {
      const created = await create(outbound.address, outbound.message.body, senderFor(outbound));
      return { providerMessageId: created.sid };
    },

    async findEarlierSend(outbound, since, isKnown) {
      let recent;
      try {
        recent = await options.client().messages.list({ to: outbound.address, limit: 20 });
      } catch (error) {
        throw classify(error);
      }
      for (const message of recent) {
        if (message.body !== outbound.message.body) continue;
        if (message.dateCreated.getTime() < since.getTime() - CLOCK_SKEW_MS) continue;
        if (await isKnown(message.sid)) continue;
        return message.sid;
      }
      return null;
    },

    async sendUnrecorded(to, from, body) {
      const sender = options.sender && 'messagingServiceSid' in options.sender ? options.sender : from && /^\+[1-9]\d{6,14}$/.test(from) ? { from } : options.sender;
      if (!sender) return false;
      try {
        await options.client().messages.create({ to, body, ...sender });
        return true;
      } catch (error) {
        options.logger.warn({ err: classify(error) }, 'an unrecorded text could not be sent');
        return false;
      }
    },
  };
}

function lanternNumberOf(reference: string | null): string | null {
  if (!reference) return null;
  try {
    const parsed = botReference.safeParse(JSON.parse(reference));
    return parsed.success ? parsed.data.bot.id : null;
  } catch {
    return null;
  }
}

const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Twilio's answer decides what to do next. A 4xx means Twilio refused this text for good (bad
 * number, opted out at the carrier), except 429 (slow down). A 5xx or no answer at all may have
 * sent it, so it is ambiguous; a connection never made sent nothing.
 */
export function classify(error: unknown): SendFailure {
  const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : null;
  const code = (error as { code?: unknown })?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (status !== null) {
    const twilioCode = typeof code === 'number' ? String(code) : `http-${status}`;
    if (status === 429) return new SendFailure('retry', detail, twilioCode);
    if (status >= 500) return new SendFailure('ambiguous', detail, twilioCode);
    return new SendFailure('permanent', detail, twilioCode);
  }
  if (typeof code === 'string' && NEVER_CONNECTED.has(code)) return new SendFailure('retry', detail, code);
  return new SendFailure('ambiguous', detail, typeof code === 'string' ? code : 'no-answer');
}
