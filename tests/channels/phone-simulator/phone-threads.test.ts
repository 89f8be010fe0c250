import { createPhoneThreads, DEFAULT_LIMITS, newMessageSid, type SimulatedText } from '../../../src/channels/phone-simulator/phone-threads';

const LANTERN = '+447700900999';
const phoneNumber = (n: number) => `+4477009${String(n).padStart(5, '0')}`;

function text(phone: string, body: string, at = new Date()): SimulatedText {
  return { sid: newMessageSid(), direction: 'from-lantern', phone, lanternNumber: LANTERN, body, at, status: 'queued', accountSid: `AC${'0'.repeat(32)}` };
}

describe('the phone threads kept in memory', () => {
  it('keeps the last 200 texts for a phone by default, dropping the oldest', () => {
    const threads = createPhoneThreads();
    const texts = Array.from({ length: 201 }, (_, i) => text(phoneNumber(1), `text ${i + 1}`));
    texts.forEach((t) => threads.add(t));

    const kept = threads.thread(phoneNumber(1));

    expect(DEFAULT_LIMITS.textsPerPhone).toBe(200);
    expect(kept).toHaveLength(200);
    expect(kept[0]?.body).toBe('text 2');
    expect(kept.at(-1)?.body).toBe('text 201');
    // The dropped text is forgotten everywhere, so updates to it change nothing.
    expect(threads.find(texts[0]!.sid)).toBeUndefined();
    expect(threads.update(texts[0]!.sid, { status: 'delivered' })).toBeUndefined();
  });

  it('keeps at most 100 phones by default, forgetting the one quiet longest', () => {
    const threads = createPhoneThreads();
    for (let n = 1; n <= 100; n++) threads.add(text(phoneNumber(n), `hello ${n}`));
    threads.add(text(phoneNumber(1), 'phone 1 again')); // phone 1 is now the most recent; phone 2 the quietest

    threads.add(text(phoneNumber(101), 'a new phone'));

    expect(DEFAULT_LIMITS.phones).toBe(100);
    expect(threads.thread(phoneNumber(2))).toEqual([]);
    expect(threads.thread(phoneNumber(1)).map((t) => t.body)).toEqual(['hello 1', 'phone 1 again']);
    expect(threads.thread(phoneNumber(101)).map((t) => t.body)).toEqual(['a new phone']);
    expect(threads.newestFirst()).toHaveLength(101); // phone 1's two texts, phones 3 to 100, and the new phone
  });

  it('lists every text newest first, keeping arrival order within the same millisecond', () => {
    const threads = createPhoneThreads();
    const now = new Date('2025-03-01T10:00:00Z');
    threads.add(text(phoneNumber(1), 'first', now));
    threads.add(text(phoneNumber(2), 'second', now));
    threads.add(text(phoneNumber(1), 'third', now));
    threads.add(text(phoneNumber(2), 'earlier', new Date(now.getTime() - 1000)));

    expect(threads.newestFirst().map((t) => t.body)).toEqual(['third', 'second', 'first', 'earlier']);
  });

  it('hands out copies, so nothing outside can change a kept text', () => {
    const threads = createPhoneThreads();
    const kept = text(phoneNumber(1), 'original');
    threads.add(kept);

    threads.thread(phoneNumber(1))[0]!.body = 'changed';
    threads.find(kept.sid)!.status = 'failed';

    expect(threads.find(kept.sid)).toMatchObject({ body: 'original', status: 'queued' });
    expect(threads.update(kept.sid, { status: 'sent' })).toMatchObject({ status: 'sent' });
    expect(threads.thread(phoneNumber(1))[0]?.status).toBe('sent');
  });
});
