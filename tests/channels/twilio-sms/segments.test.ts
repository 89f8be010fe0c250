import { smsEncoding, smsLength, splitForSms } from '../../../src/channels/twilio-sms/segments';

const fitsOneSms = (text: string) => smsLength(text).parts === 1;

describe('smsLength', () => {
  it.each([
    ['empty text', '', 'GSM-7', 0, 0],
    ['plain 160 characters', 'a'.repeat(160), 'GSM-7', 160, 1],
    ['plain 161 characters', 'a'.repeat(161), 'GSM-7', 161, 2],
    ['plain 306 characters', 'a'.repeat(306), 'GSM-7', 306, 2],
    ['plain 307 characters', 'a'.repeat(307), 'GSM-7', 307, 3],
    ['€ costs two septets', '€'.repeat(80), 'GSM-7', 160, 1],
    ['€ past the single-SMS limit', 'a'.repeat(159) + '€', 'GSM-7', 161, 2],
    ['all of the extension table', '^{}\\[~]|€', 'GSM-7', 18, 1],
    ['accented letters in the basic set', 'Café in Ålesund, ¿qué?', 'GSM-7', 22, 1],
    ['one emoji among 69 letters', 'a'.repeat(68) + '🙂', 'UCS-2', 70, 1],
    ['one emoji among 70 letters', 'a'.repeat(69) + '🙂', 'UCS-2', 71, 2],
    ['a curly apostrophe', 'It’s fine', 'UCS-2', 9, 1],
    ['UCS-2 at 134 units', '’'.repeat(134), 'UCS-2', 134, 2],
    ['UCS-2 at 135 units', '’'.repeat(135), 'UCS-2', 135, 3],
  ])('%s', (_name, text, encoding, units, parts) => {
    expect(smsLength(text)).toEqual({ encoding, units, parts });
  });

  it('does not split an escape pair across parts', () => {
    // 152 septets, then € (2) would straddle the 153 boundary: it moves to part two.
    expect(smsLength('a'.repeat(152) + '€' + 'a'.repeat(151)).parts).toBe(2);
    expect(smsLength('a'.repeat(152) + '€' + 'a'.repeat(152)).parts).toBe(3);
  });

  it('does not split a surrogate pair across parts', () => {
    expect(smsLength('’'.repeat(66) + '🙂' + '’'.repeat(65)).parts).toBe(2);
    expect(smsLength('’'.repeat(66) + '🙂' + '’'.repeat(66)).parts).toBe(3);
  });
});

describe('smsEncoding', () => {
  it.each([
    ['Hello, how are you today?', 'GSM-7'],
    ['Price: €5 {ok} [yes] ~ \\ ^ |', 'GSM-7'],
    ['line one\nline two', 'GSM-7'],
    ['It’s a walk on Tuesday', 'UCS-2'],
    ['“Quoted”', 'UCS-2'],
    ['Thanks 👍', 'UCS-2'],
    ['ç is not in the basic set (Ç is)', 'UCS-2'],
    ['Ελλάδα', 'UCS-2'],
  ])('%j is %s', (text, encoding) => {
    expect(smsEncoding(text)).toBe(encoding);
  });
});

describe('splitForSms', () => {
  it('returns no texts for an empty or blank string', () => {
    expect(splitForSms('')).toEqual([]);
    expect(splitForSms('  \n ')).toEqual([]);
  });

  it('keeps a short text whole, trimmed', () => {
    expect(splitForSms('  Hello there.  ')).toEqual(['Hello there.']);
  });

  it('breaks at sentence ends when it can', () => {
    const first = 'a'.repeat(100) + '.';
    const second = 'Then we can meet at the library on Thursday afternoon if that suits you.';
    expect(splitForSms(`${first} ${second}`)).toEqual([first, second]);
  });

  it('breaks at word boundaries inside a long sentence, never mid-word', () => {
    const words = Array.from({ length: 60 }, (_, i) => `word${i}`);
    const parts = splitForSms(words.join(' '));
    expect(parts.length).toBeGreaterThan(1);
    parts.forEach((part) => expect(fitsOneSms(part)).toBe(true));
    expect(parts.join(' ')).toBe(words.join(' '));
  });

  it('cuts a single word longer than an SMS', () => {
    const parts = splitForSms('x'.repeat(400));
    expect(parts.map((p) => p.length)).toEqual([160, 160, 80]);
  });

  it('judges each text on its own encoding', () => {
    const gsm = 'a'.repeat(150) + '.';
    const parts = splitForSms(`${gsm} See you soon 🙂`);
    expect(parts).toEqual([gsm, 'See you soon 🙂']);
  });

  it('splits 1,000 characters with emoji into texts that each fit one SMS and lose nothing', () => {
    const sentence = 'We could try the walking group 🚶‍♀️ on Saturday, it meets by the café. ';
    const text = sentence.repeat(Math.ceil(1000 / sentence.length)).slice(0, 1000);
    const parts = splitForSms(text);
    parts.forEach((part) => {
      expect(fitsOneSms(part)).toBe(true);
      expect(part).toBe(part.trim());
      expect(part).not.toMatch(/\p{Cs}$|\u200d$/u); // no orphaned surrogate or dangling ZWJ
    });
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(text.trim().replace(/\s+/g, ' '));
    const walkers = (s: string) => s.split('🚶‍♀️').length - 1;
    expect(walkers(parts.join(' '))).toBe(walkers(text));
  });

  it('never splits an emoji ZWJ sequence even with no spaces', () => {
    const family = '👩‍👩‍👧‍👦'; // 11 UTF-16 code units
    const parts = splitForSms(family.repeat(20));
    parts.forEach((part) => expect(part).toBe(family.repeat(part.length / family.length)));
  });

  it('stops at maxParts and marks the cut with "..." (GSM-7, unlike "…")', () => {
    const text = Array.from({ length: 10 }, (_, i) => `This is sentence number ${i} of a rather long reply.`).join(' ');
    const parts = splitForSms(text, 2);
    expect(parts).toHaveLength(2);
    expect(parts[1]).toMatch(/\.\.\.$/);
    parts.forEach((part) => expect(smsLength(part)).toMatchObject({ encoding: 'GSM-7', parts: 1 }));
  });

  it('rejects a maxParts below one', () => {
    expect(() => splitForSms('hi', 0)).toThrow(RangeError);
  });
});
