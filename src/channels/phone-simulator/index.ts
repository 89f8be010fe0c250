import type { Server } from 'restify';
import type { Logger } from '../../lib/logger';
import type { ChannelModule } from '../channel-module';
import { mountPhonePageApi } from './page-api';
import { mountPhonePage } from './page-routes';
import { createPhoneThreads, type ThreadLimits } from './phone-threads';
import { createStatusCallbacks } from './status-callbacks';
import { TWILIO_API_PREFIX } from './paths';
import { mountTwilioMessagesApi } from './twilio-messages-api';
import { createWebhookSender } from './webhook-sender';

export interface PhoneSimulatorOptions {
  /** config.publicBaseUrl: what webhooks are signed for. */
  publicBaseUrl: string;
  /** config.sms.authToken when config.sms.mode === 'simulator'. */
  authToken: string;
  /** e.g. a fixed 'AC' + 32 hex digits. */
  accountSid: string;
  /** Lantern's number (E.164): what simulated phones text. */
  lanternNumber: string;
  /** The service's own http://127.0.0.1:PORT, known after listen. */
  selfUrl: () => string;
  logger: Logger;
  /** How much to remember; defaults to the last 200 texts for each of the 100 most recent phones. */
  limits?: Partial<ThreadLimits>;
  /** Pause before each delivery report ('sent', then 'delivered'); 250 ms by default. */
  deliveryStepMs?: number;
}

export type PhoneSimulator = ChannelModule & { twilioApiBaseUrl(): string; accountSid: string };

/**
 * A stand-in for Twilio and a phone, for when no Twilio account is configured: a Twilio-compatible
 * Messages API at /dev/twilio (Lantern's outbox talks to it with the real SDK) and a phone page at
 * /dev/phone whose texts reach Lantern as Twilio's signed webhook. Texts never leave the machine.
 *
 * Hazard: /dev/phone has no sign-in, and anyone who can reach it can text Lantern as any number.
 * Mount it only in simulator mode, never alongside a real Twilio account.
 */
export function createPhoneSimulator(options: PhoneSimulatorOptions): PhoneSimulator {
  const { logger } = options;
  const threads = createPhoneThreads(options.limits);
  const callbacks = createStatusCallbacks({
    threads,
    authToken: options.authToken,
    lanternNumber: options.lanternNumber,
    selfUrl: options.selfUrl,
    logger,
    ...(options.deliveryStepMs !== undefined ? { stepMs: options.deliveryStepMs } : {}),
  });
  const webhook = createWebhookSender(options);

  return {
    accountSid: options.accountSid,
    twilioApiBaseUrl: () => `${options.selfUrl().replace(/\/$/, '')}${TWILIO_API_PREFIX}`,
    mount(server: Server) {
      mountTwilioMessagesApi(server, {
        accountSid: options.accountSid,
        authToken: options.authToken,
        threads,
        accepted: (sid) => callbacks.deliver(sid),
        logger,
      });
      mountPhonePage(server, logger);
      mountPhonePageApi(server, {
        threads,
        lanternNumber: options.lanternNumber,
        accountSid: options.accountSid,
        sendToLantern: (text) => webhook.send(text),
        logger,
      });
    },
    async close() {
      callbacks.close();
      webhook.close();
    },
  };
}
