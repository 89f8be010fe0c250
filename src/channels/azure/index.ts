import { randomUUID } from 'node:crypto';
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type ConversationReference,
} from 'botbuilder';
import restify, { type Server } from 'restify';
import { z } from 'zod';
import { errorResponse } from '../../api/http';
import type { Config } from '../../config/load-config';
import { storable } from '../../lib/text';
import { MAX_INBOUND_LENGTH, recordInbound } from '../../messaging/record-inbound';
import { SendFailure, type ChannelSender } from '../../messaging/outbox';
import { channelAddress } from '../../bot/channel-address';
import type { ChannelDependencies } from '../channel-dependencies';
import type { ChannelModule } from '../channel-module';

const MAX_ACTIVITY_BYTES = 256 * 1024;

// Only what the SDK needs before it will look at an activity at all; it checks the rest itself.
const activityShape = z.looseObject({ type: z.string().min(1, 'an activity needs a type') });

/**
 * Azure Bot Service (Teams and Azure's own channels) at POST /api/messages, through the SDK's
 * CloudAdapter and its Bot Framework authentication. Like SMS, a message is stored before the
 * request is answered and the bot's replies go through the outbox, which sends them back through
 * the CloudAdapter with the stored conversation reference.
 */
export function createAzureChannel(deps: ChannelDependencies) {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(authenticationSettings(deps.config)));
  adapter.onTurnError = async (_context, error) => {
    deps.logger.error({ err: error }, 'Azure Bot Service turn failed');
  };
  const appId = deps.config.azure?.appId ?? '';

  const sender: ChannelSender = {
    async send(outbound) {
      const reference = parseReference(outbound.reference);
      if (!reference) throw new SendFailure('permanent', 'no stored Azure conversation reference', 'no-reference');
      let sentId: string | undefined;
      try {
        await adapter.continueConversationAsync(appId, reference, async (context) => {
          sentId = (await context.sendActivity(outbound.message.body))?.id;
        });
      } catch (error) {
        throw classify(error);
      }
      return { providerMessageId: `azure:${sentId ?? randomUUID()}` };
    },
  };

  const channel: ChannelModule & { sender: ChannelSender; deliverUnrecorded: NonNullable<ChannelModule['deliverUnrecorded']> } = {
    sender,
    mount(server: Server) {
      server.post('/api/messages', restify.plugins.bodyParser({ mapParams: false, maxBodySize: MAX_ACTIVITY_BYTES }), async (req, res) => {
        // The SDK answers a body that is not an activity with a 500 (its own check throws): refuse it here.
        const shape = activityShape.safeParse(req.body);
        if (!shape.success) {
          const { status, body } = errorResponse(shape.error);
          res.send(status, body);
          return;
        }
        await adapter.process(req, res, async (context) => {
          const { activity } = context;
          if (activity.type !== ActivityTypes.Message) return;
          const { channel: kind, address } = channelAddress(activity);
          const recorded = await recordInbound(
            deps.db,
            {
              channel: kind,
              address,
              // Azure redelivers when it gets no answer in time: its activity id makes that harmless.
              providerMessageId: `azure:${activity.channelId}:${activity.conversation?.id}:${activity.id ?? randomUUID()}`,
              body: storable(activity.text ?? '').slice(0, MAX_INBOUND_LENGTH),
              reference: JSON.stringify(TurnContext.getConversationReference(activity)),
            },
            deps.clock,
          );
          if (recorded.duplicate) return;
          deps.events.appended({ conversationId: recorded.person.conversation.id, personId: recorded.person.id, channel: kind });
          void deps.answer(recorded.message);
        });
      });
    },
    async deliverUnrecorded(reference: Partial<ConversationReference>, texts: string[]) {
      await adapter.continueConversationAsync(appId, reference, async (context) => {
        for (const text of texts) await context.sendActivity(text);
      }).catch((error: unknown) => deps.logger.warn({ err: error }, 'an unrecorded Azure message could not be sent'));
    },
    async close() {},
  };
  return channel;
}

function authenticationSettings(config: Readonly<Config>) {
  if (!config.azure) return {};
  return {
    MicrosoftAppId: config.azure.appId,
    MicrosoftAppPassword: config.azure.appPassword,
    MicrosoftAppType: config.azure.appType,
    ...(config.azure.tenantId ? { MicrosoftAppTenantId: config.azure.tenantId } : {}),
  };
}

const storedReference = z.looseObject({ serviceUrl: z.string().url(), conversation: z.looseObject({ id: z.string() }) });

function parseReference(json: string | null): Partial<ConversationReference> | null {
  if (!json) return null;
  try {
    const parsed = storedReference.safeParse(JSON.parse(json));
    return parsed.success ? (parsed.data as unknown as Partial<ConversationReference>) : null;
  } catch {
    return null;
  }
}

// The Bot Connector has no way to ask whether a timed-out send arrived, so anything but a clear
// refusal is retried: a rare repeat beats a lost reply.
function classify(error: unknown): SendFailure {
  const status = (error as { statusCode?: unknown; status?: unknown })?.statusCode ?? (error as { status?: unknown })?.status;
  const detail = error instanceof Error ? error.message : String(error);
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 429) {
    return new SendFailure('permanent', detail, `http-${status}`);
  }
  return new SendFailure('retry', detail, typeof status === 'number' ? `http-${status}` : 'no-answer');
}
