import { detectCrisis } from '../../src/understanding/crisis';
import { NEGATIVE_MESSAGES, POSITIVE_MESSAGES } from './crisis-table';

const tally = { truePositives: 0, falseNegatives: 0, falsePositives: 0, trueNegatives: 0 };

afterAll(() => {
  const { truePositives: tp, falseNegatives: fn, falsePositives: fp } = tally;
  const total = tp + fn + fp + tally.trueNegatives;
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const percent = (n: number): string => `${(n * 100).toFixed(1)}%`;
  console.log(`crisis detector on ${total} messages: precision ${percent(precision)}, recall ${percent(recall)}`);
});

describe('detectCrisis on realistic messages', () => {
  it('has a table big enough to mean something', () => {
    expect(POSITIVE_MESSAGES.length).toBeGreaterThanOrEqual(70);
    expect(NEGATIVE_MESSAGES.length).toBeGreaterThanOrEqual(70);
  });

  describe('notices every message that suggests risk to life or safety', () => {
    it.each(POSITIVE_MESSAGES.map((c) => [c.text, c.kind] as const))('%j → %s', (text, kind) => {
      const signal = detectCrisis(text);
      if (signal) tally.truePositives += 1;
      else tally.falseNegatives += 1;
      expect(signal).not.toBeNull();
      if (kind) expect(signal?.kind).toBe(kind);
      expect(signal?.matched.length).toBeGreaterThan(0);
    });
  });

  describe('stays quiet for everyday British figures of speech', () => {
    it.each(NEGATIVE_MESSAGES.map((c) => [c.text] as const))('%j', (text) => {
      const signal = detectCrisis(text);
      if (signal) tally.falsePositives += 1;
      else tally.trueNegatives += 1;
      expect(signal).toBeNull();
    });
  });

  it('misses no crisis and raises almost no false alarms across the whole table', () => {
    const found = POSITIVE_MESSAGES.filter((c) => detectCrisis(c.text) !== null).length;
    const falseAlarms = NEGATIVE_MESSAGES.filter((c) => detectCrisis(c.text) !== null).length;
    const recall = found / POSITIVE_MESSAGES.length;
    const precision = found / (found + falseAlarms);
    expect(recall).toBe(1);
    expect(precision).toBeGreaterThanOrEqual(0.95);
  });
});

describe('detectCrisis reads past the way a message is typed', () => {
  it.each([
    ['curly apostrophes', 'I can\u2019t go on'],
    ['shouting', 'I WANT TO DIE'],
    ['zero-width characters inside a word', 'i want to ki\u200Bll my\u200Dself'],
    ['accents and full-width letters', 'ｓｕｉｃｉｄａｌ', ],
    ['stretched letters', 'i just want to dieeeee'],
    ['no spaces after full stops', 'had a bad day.i want to die.sorry'],
    ['a crisis buried at the end of a long message', `${'we went to the allotment and it was lovely. '.repeat(200)}i dont want to be here anymore`],
  ])('%s', (_why, text) => {
    expect(detectCrisis(text)).not.toBeNull();
  });

  it('says which words raised the flag, so a coach can see why', () => {
    expect(detectCrisis('had a rubbish week tbh and honestly might just kms')).toEqual({ kind: 'suicide', matched: 'kill myself' });
  });
});

describe('detectCrisis never throws', () => {
  /** A small seeded generator, so a failure can be replayed exactly. */
  function randomText(seed: number, length: number): string {
    let state = seed;
    const next = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state;
    };
    const alphabet = ['a', 'e', ' ', '.', "'", '\u2019', '\u200B', '\u0000', '\u0007', '\n', '\uD83D', '\uDE00', '😭', '🙈', '\u202E', '\uFEFF', 'ß', 'İ', '\u0301', 'kill ', 'myself ', 'od', '2', '\\', '(', '[', '*', '+', '?', '$'];
    let text = '';
    for (let i = 0; i < length; i += 1) text += alphabet[next() % alphabet.length] ?? '';
    return text;
  }

  const hostile: ReadonlyArray<readonly [string, unknown]> = [
    ['an empty string', ''],
    ['only whitespace', ' \n\t  '],
    ['only emoji', '😭😭😭🙈🥕👋🏽❤️‍🔥'],
    ['control characters', '\u0000\u0001\u0002\u001b[31m\u007f'],
    ['lone surrogates', '\uD800 \uDFFF \uD83D'],
    ['regex metacharacters', '.*+?^${}()|[]\\/ (?: \\b \\1'],
    ['ten thousand characters', 'a'.repeat(10_000)],
    ['a hundred thousand characters of risk words', 'kill myself cant go on '.repeat(4_500)],
    ['a right-to-left override', '\u202Eedicius'],
    ['undefined from an untyped caller', undefined],
    ['a number from an untyped caller', 42],
  ];

  it.each(hostile)('on %s', (_why, input) => {
    expect(() => detectCrisis(input as string)).not.toThrow();
  });

  it('on a thousand random messages of hostile characters, each answering quickly', () => {
    for (let seed = 1; seed <= 1000; seed += 1) {
      const text = randomText(seed, (seed * 37) % 600);
      const started = Date.now();
      expect(() => detectCrisis(text)).not.toThrow();
      expect(Date.now() - started).toBeLessThan(200);
    }
  });

  it('answers a 10,000-character message in well under a second', () => {
    const text = 'so the bus was late again and the cafe was shut, '.repeat(200);
    const started = Date.now();
    detectCrisis(text);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
