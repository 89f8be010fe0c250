import { randomBytes } from 'node:crypto';
import twilio from 'twilio';

/** The number people text: in Ofcom's drama range, like the phone simulator's. */
export const LANTERN_NUMBER = '+447700900000';

/**
 * Phone numbers to text from, all distinct and all accepted by normalisePhone. The first 999
 * are Ofcom's drama mobiles (07700 900001-900999). Beyond those come 07946 0xxxxx numbers:
 * libphonenumber calls them valid mobiles, but Ofcom does NOT reserve them (its drama range
 * 7946 0xxx is London's 020, not a mobile), so they may belong to real people. Harmless here,
 * because the bench only ever texts the fake Twilio API on 127.0.0.1, but never reuse them
 * anywhere a real text could go.
 */
export function benchPhones(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > 100_999) throw new Error(`phone pool must be 1..100999 numbers, got ${count}`);
  const phones: string[] = [];
  for (let n = 1; n <= Math.min(count, 999); n++) phones.push(`+447700900${String(n).padStart(3, '0')}`);
  for (let n = 0; phones.length < count; n++) phones.push(`+4479460${String(n).padStart(5, '0')}`);
  return phones;
}

/**
 * What people text, weighted roughly as a social prescribing service would see it: mostly
 * check-ins, then what matters, greetings, coach requests and pauses. Nothing here erases data,
 * opts out or trips the crisis net: those change what a later message does in ways that would
 * make stored-versus-sent counts meaningless (an erasure deletes the stored messages).
 */
export const MESSAGE_MIX: ReadonlyArray<{ kind: string; weight: number; texts: readonly string[] }> = [
  { kind: 'check-in', weight: 45, texts: [
    'feeling a bit better today', 'not a great week tbh', 'went for a walk this morning', 'bit lonely today',
    'had a good chat with my neighbour', 'slept badly again', 'ok thanks, just tired', 'managed to get to the shops',
  ] },
  { kind: 'what-matters', weight: 20, texts: [
    'I love gardening', 'my grandchildren mean the world to me', 'I want to get back to swimming',
    'I used to sing in a choir', 'I need help with my gas bill',
  ] },
  { kind: 'greeting', weight: 15, texts: ['hi', 'hello', 'morning!', 'thanks', 'thank you x'] },
  { kind: 'coach', weight: 8, texts: ['can I talk to someone', 'could a person ring me please', 'I would like to speak to my link worker'] },
  { kind: 'pause', weight: 7, texts: ['pause for 2 weeks', 'can we have a break for a week', 'pause till after christmas'] },
  { kind: 'resume', weight: 5, texts: ["I'm back", "I'd like to carry on now"] },
];

/** A small fast PRNG (mulberry32) so a run's traffic is repeatable from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WebhookSettings {
  authToken: string;
  accountSid: string;
  /** PUBLIC_BASE_URL + path: what Twilio signs. */
  signedUrl: string;
  phones: readonly string[];
  seed: number;
}

export interface SignedWebhook {
  messageSid: string;
  form: string;
  signature: string;
}

/** Builds one signed inbound-SMS webhook after another, each with its own MessageSid. */
export function webhookFactory(settings: WebhookSettings): () => SignedWebhook {
  const random = seededRandom(settings.seed);
  const totalWeight = MESSAGE_MIX.reduce((sum, entry) => sum + entry.weight, 0);
  // 8 random hex digits per run, then a counter: unique within a run by construction.
  const runPrefix = randomBytes(4).toString('hex');
  let counter = 0;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pickBody = (): string => {
    let roll = random() * totalWeight;
    for (const entry of MESSAGE_MIX) {
      roll -= entry.weight;
      if (roll < 0) return pick(entry.texts);
    }
    return pick(MESSAGE_MIX[0]?.texts ?? ['hi']);
  };
  return () => {
    counter += 1;
    const messageSid = `SM${runPrefix}${counter.toString(16).padStart(24, '0')}`;
    const params = twilioInboundParams({ messageSid, accountSid: settings.accountSid, from: pick(settings.phones), body: pickBody() });
    return {
      messageSid,
      form: new URLSearchParams(params).toString(),
      signature: twilio.getExpectedTwilioSignature(settings.authToken, settings.signedUrl, params),
    };
  };
}

/** The fields Twilio posts for an inbound SMS to a UK number, in its order. */
function twilioInboundParams(m: { messageSid: string; accountSid: string; from: string; body: string }): Record<string, string> {
  return {
    ToCountry: 'GB', ToState: '', SmsMessageSid: m.messageSid, NumMedia: '0', ToCity: '', FromZip: '',
    SmsSid: m.messageSid, FromState: '', SmsStatus: 'received', FromCity: '', Body: m.body, FromCountry: 'GB',
    To: LANTERN_NUMBER, ToZip: '', NumSegments: '1', MessageSid: m.messageSid, AccountSid: m.accountSid,
    From: m.from, ApiVersion: '2010-04-01',
  };
}
