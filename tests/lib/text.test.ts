import { storable, storableText } from '../../src/lib/text';

describe('text as it can be stored', () => {
  it.each([
    ['drops NUL, which PostgreSQL text cannot hold', 'a\u0000b\u0000', 'ab'],
    ['turns a lone high surrogate into one replacement character', 'half \ud83d', 'half \ufffd'],
    ['turns a lone low surrogate into one replacement character', '\ude00 half', '\ufffd half'],
    ['keeps whole emoji, control characters and markup as they are', '👩🏽‍🦯 \u0007<script>', '👩🏽‍🦯 \u0007<script>'],
  ])('%s', (_, input, expected) => {
    expect(storable(input)).toBe(expected);
  });

  it('makes the text storable before the schema checks it', () => {
    expect(storableText().trim().min(1).safeParse('\u0000 \u0000').success).toBe(false);
    expect(storableText().max(2).parse('a\u0000\u0000b')).toBe('ab');
  });
});
