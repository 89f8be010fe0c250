import { randomBytes } from 'node:crypto';

/**
 * Every text the simulator has seen, one thread per simulated phone, in memory only. It is a
 * long-running dev tool, so memory is bounded: the newest texts per phone and the most recently
 * active phones are kept; older ones are forgotten.
 */

export type TextDirection = 'to-lantern' | 'from-lantern';

/** The phone's texts: sending → delivered | failed. Lantern's: Twilio's accepted/queued → sent → delivered. */
export type TextStatus = 'sending' | 'accepted' | 'queued' | 'sent' | 'delivered' | 'failed';

export interface SimulatedText {
  sid: string;
  direction: TextDirection;
  /** The simulated phone's number (E.164). */
  phone: string;
  /** Lantern's side of the conversation; null while a messaging service has not chosen a sender. */
  lanternNumber: string | null;
  body: string;
  at: Date;
  status: TextStatus;
  accountSid: string;
  messagingServiceSid?: string;
  statusCallback?: string;
}

export interface ThreadLimits {
  textsPerPhone: number;
  phones: number;
}

export const DEFAULT_LIMITS: ThreadLimits = { textsPerPhone: 200, phones: 100 };

export const newMessageSid = (): string => `SM${randomBytes(16).toString('hex')}`;

export interface PhoneThreads {
  add(text: SimulatedText): void;
  /** Oldest first; a copy, so callers can't disturb the store. */
  thread(phone: string): SimulatedText[];
  /** Every kept text, newest first (Twilio's list order). */
  newestFirst(): SimulatedText[];
  find(sid: string): SimulatedText | undefined;
  update(sid: string, change: Partial<Pick<SimulatedText, 'status' | 'lanternNumber'>>): SimulatedText | undefined;
}

export function createPhoneThreads(limits: Partial<ThreadLimits> = {}): PhoneThreads {
  const { textsPerPhone, phones } = { ...DEFAULT_LIMITS, ...limits };
  // A Map keeps insertion order: re-inserting a phone on each text makes the first key the least recently active.
  const threads = new Map<string, SimulatedText[]>();
  const bySid = new Map<string, SimulatedText>();
  // Arrival order, to list texts from the same millisecond in the order they came.
  const arrival = new Map<string, number>();
  let arrivals = 0;

  const forget = (texts: SimulatedText[]) => texts.forEach((text) => {
    bySid.delete(text.sid);
    arrival.delete(text.sid);
  });

  return {
    add(text) {
      const thread = threads.get(text.phone) ?? [];
      threads.delete(text.phone);
      threads.set(text.phone, thread);
      thread.push(text);
      bySid.set(text.sid, text);
      arrival.set(text.sid, arrivals++);
      if (thread.length > textsPerPhone) forget(thread.splice(0, thread.length - textsPerPhone));
      while (threads.size > phones) {
        const [oldest, texts] = threads.entries().next().value as [string, SimulatedText[]];
        threads.delete(oldest);
        forget(texts);
      }
    },
    thread(phone) {
      return (threads.get(phone) ?? []).map((text) => ({ ...text }));
    },
    newestFirst() {
      const order = (text: SimulatedText) => arrival.get(text.sid) ?? 0;
      return [...threads.values()]
        .flat()
        .sort((a, b) => b.at.getTime() - a.at.getTime() || order(b) - order(a))
        .map((text) => ({ ...text }));
    },
    find(sid) {
      const text = bySid.get(sid);
      return text ? { ...text } : undefined;
    },
    update(sid, change) {
      const text = bySid.get(sid);
      if (!text) return undefined;
      Object.assign(text, change);
      return { ...text };
    },
  };
}
