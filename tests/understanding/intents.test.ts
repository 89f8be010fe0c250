import { INTENT_RULES } from '../../src/understanding/intent-rules';
import { type Intent, normalise, recogniseIntent } from '../../src/understanding/intents';
import { type ExpectedDetails, INTENT_TABLE, type IntentExample } from './intent-table';

/** The details of an intent in the table's terms (a check-in's category and text come from what matters). */
function detailsOf(intent: Intent): Record<string, unknown> {
  if (intent.kind !== 'chat') return { ...intent };
  return { score: intent.score, category: intent.whatMatters?.category ?? null, text: intent.whatMatters?.text };
}

function understood(example: IntentExample, intent: Intent): boolean {
  const actual = detailsOf(intent);
  const expected: ExpectedDetails = example.with ?? {};
  return intent.kind === example.means && Object.entries(expected).every(([key, value]) => JSON.stringify(actual[key]) === JSON.stringify(value));
}

let understoodCount = 0;

afterAll(() => {
  console.log(`intents: ${understoodCount}/${INTENT_TABLE.length} messages understood`);
});

describe('recogniseIntent', () => {
  it('has a table of at least 160 real-world messages covering every kind of intent', () => {
    expect(INTENT_TABLE.length).toBeGreaterThanOrEqual(160);
    const kinds = new Set(INTENT_TABLE.map((example) => example.means));
    expect([...kinds].sort()).toEqual([...new Set(INTENT_RULES.map((rule) => rule.intent))].sort());
  });

  it.each(INTENT_TABLE.map((example) => [example.says, example.means, example] as const))(
    '%j means %s',
    (_says, _means, example) => {
      const intent = recogniseIntent(example.says);
      if (understood(example, intent)) understoodCount += 1;
      expect(intent.kind).toBe(example.means);
      expect(detailsOf(intent)).toMatchObject(example.with ?? {});
    },
  );
});

describe('messages nobody should send, which must still never break the bot', () => {
  const hostile: ReadonlyArray<readonly [string, unknown]> = [
    ['an empty message', ''],
    ['only spaces and newlines', ' \n\t \r\n '],
    ['10,000 characters', 'stop '.repeat(2000)],
    ['10,000 characters of one letter', 'a'.repeat(10_000)],
    ['emoji only', '😀🙏🏽👨‍👩‍👧‍👦🇬🇧❤️'],
    ['control characters', '\u0000\u0001\u0007\u001b[31mstop\u001b[0m\u007f'],
    ['right-to-left text', '\u202eمرحبا كيف حالك\u202c שלום'],
    ['a lone surrogate', '\ud800 pause \udfff'],
    ['regex-looking text', '(.*)+$ [a-z]{1,} \\b\\d ^$ change (2) to ***'],
    ['a long run of digits and slashes', '1/'.repeat(3000)],
    ['zero-width characters inside STOP', 'S\u200bT\u200cO\u200dP'],
    ['not a string at all', undefined],
    ['null', null],
    ['a number', 42],
  ];

  it.each(hostile)('%s', (_label, input) => {
    const started = Date.now();
    const intent = recogniseIntent(input as string);
    expect(typeof intent.kind).toBe('string');
    expect(Date.now() - started).toBeLessThan(500);
  });

  // recogniseIntent has a safety net; this makes sure the net is not hiding a broken rule.
  it.each(hostile)('no single rule throws on %s', (_label, input) => {
    const message = normalise(input);
    for (const rule of INTENT_RULES) expect(() => rule.match(message)).not.toThrow();
  });
});
