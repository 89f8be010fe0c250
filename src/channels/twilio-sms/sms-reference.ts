import type { ConversationReference } from 'botbuilder';

/** How the bot addresses a texting person: the Bot Framework reference Lantern stores for them. */
export function smsReference(phone: string, lanternNumber: string): Partial<ConversationReference> {
  return {
    channelId: 'sms',
    user: { id: phone, name: '' },
    bot: { id: lanternNumber, name: 'Lantern' },
    conversation: { id: `sms:${phone}`, isGroup: false, name: '', conversationType: 'personal' },
  };
}
