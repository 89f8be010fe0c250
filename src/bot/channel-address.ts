import type { Activity } from 'botbuilder';
import type { Channel } from '../db/client';

/** Which Lantern channel an activity came through, and the person's address on it. */
export function channelAddress(activity: Partial<Activity>): { channel: Channel; address: string } {
  const address = activity.from?.id ?? '';
  switch (activity.channelId) {
    case 'sms':
      return { channel: 'SMS', address };
    case 'directline':
    case 'webchat':
      return { channel: 'WEB_CHAT', address };
    default:
      // Teams, Azure's channels, the emulator: one address space per channel id.
      return { channel: 'AZURE', address: `${activity.channelId ?? 'unknown'}:${address}` };
  }
}
