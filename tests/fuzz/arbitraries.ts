import fc from 'fast-check';

// Hostile input, shared by the fuzz suites: the strings and values people (and attackers, and
// broken clients) actually send. Everything here is plain data; the suites decide where it goes.

/** Markup that must never come back out of an HTML page unescaped. */
export const SCRIPT_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><script>alert(document.cookie)</script>',
  "'><img src=x onerror=alert(1)>",
  '<svg/onload=alert(1)>',
  'javascript:alert(1)',
  '</title><script>alert(1)</script>',
  '<ScRiPt>alert(1)</sCrIpT>',
] as const;

const NASTY_STRINGS = [
  ...SCRIPT_PAYLOADS,
  '', ' ', '\t\n\r', '\u0000', 'a\u0000b', '\u0000'.repeat(20), '\u0007\u0008\u001b[31m', '\u007f\u0085', '\r\nSet-Cookie: x=1',
  '\u202e\u202d', '\u200b\u200c\u200d\ufeff', '\ud800', '\udfff', 'a\ud83dz', '\ufffd', '\uffff',
  '💩', '👩🏽‍🦯‍➡️', '🏳️‍🌈', 'ğ̸̡͔̙̈́̓͝l̷̡̤̈́͝i̵̱̓t̶̞̄c̸̰͑h̷', 'Zoë Łódź', '日本語のテキスト', 'مرحبا', 'עברית',
  "Robert'); DROP TABLE \"Person\";--", "' OR '1'='1", '%', '%00', '%zz', '%E0%A4%A', '%C0%AF', '..%2F..%2Fetc%2Fpasswd', '../../etc/passwd',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '{{7*7}}', '${7*7}', '#{7*7}',
  'null', 'undefined', 'true', 'NaN', 'Infinity', '-1', '0', '1e309', '-0', '0x10', '9'.repeat(400),
  '2026-02-30', '0000-00-00', '9999-12-31', '2026-13-01', '+447700900123', '07700 900123', '+4477009001234567890',
  'STOP', 'START', 'HELP', 'talk to someone', 'I want to end my life', 'delete my data',
] as const;

/** Characters that break naive code: control characters, NUL, surrogates, emoji, combining marks. */
const awkwardChar = fc.oneof(
  fc.constantFrom('\u0000', '\u0001', '\u0008', '\u000b', '\u000c', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\ufeff', '\ud800', '\udc00', '\u0301', '"', "'", '<', '>', '&', '\\', '%', '/', ';', '=', '?', '#'),
  fc.constantFrom('😀', '🙂', '🌱', '👍🏿', '❤️', '🇬🇧', '👨‍👩‍👧'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

/** A short string of mostly awkward characters. */
export const awkwardText = fc.array(fc.oneof(awkwardChar, fc.string({ maxLength: 4 })), { maxLength: 30 }).map((parts) => parts.join(''));

/** Any hostile string, from the empty string to one far longer than any limit. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: awkwardText },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('x', '💩', '\u0000', '<script>', 'é'), fc.integer({ min: 200, max: 20_000 })).map(([s, n]) => s.repeat(n)) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...SCRIPT_PAYLOADS), awkwardText).map(([a, b]) => `${b}${a}${b}`) },
);

/** Words a person might really type, hostile but acceptable: emoji, control characters, markup. */
export const hostileButValidMessage = fc
  .tuple(fc.constantFrom('hello', 'I love gardening', 'feeling low today', 'thanks', 'can I talk to someone'), awkwardText, fc.constantFrom('', ...SCRIPT_PAYLOADS, '😀🌱', '\u0007\u001b[1m', 'a\u0000b'))
  .map(([words, noise, tail]) => `${words} ${noise} ${tail}`.slice(0, 1500))
  .filter((text) => text.trim().length > 0);

/** JSON values of the wrong type for almost any field. */
export const wrongTypeValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.constant(-1),
);

export const anyValue: fc.Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: hostileString }, { weight: 2, arbitrary: wrongTypeValue }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) });

/** Keys that try prototype pollution or confuse naive merges. */
export const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'toString', 'hasOwnProperty'] as const;

/**
 * An object with a polluting key set as an own property (an object literal's `__proto__` would
 * set the prototype instead), as JSON.parse makes it on the server.
 */
export function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

export const pollutionPayload = fc.constantFrom<unknown>({ polluted: 'yes' }, { isAdmin: true, role: 'ADMIN' }, { prototype: { polluted: 'yes' } }, 'polluted');

/** Values for a path segment: random ids, hostile strings encoded, and raw broken percent-encoding. */
export const hostilePathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.uuid().map((u) => u) },
  { weight: 3, arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 3000).map((s) => encodeURIComponent(s.replace(/[\ud800-\udfff]/g, '\ufffd'))) },
  { weight: 2, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '%FF%FE', '%00', '..', '.', '%2e%2e', '%2F', 'a%2Fb', '%u0041', '%%', '%F0%9F%98', '%ED%A0%80') },
  { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,120}$/) },
);

/** Query string values: hostile, repeated (arrays), nested (objects), polluting. */
export const hostileQueryPart = (key: string): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: hostileString.filter((s) => s.length < 4000).map((v) => `${key}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'))}`) },
    { weight: 1, arbitrary: fc.tuple(hostileString, hostileString).map(([a, b]) => `${key}=${encodeURIComponent(a.slice(0, 50).replace(/[\ud800-\udfff]/g, ''))}&${key}=${encodeURIComponent(b.slice(0, 50).replace(/[\ud800-\udfff]/g, ''))}`) },
    { weight: 1, arbitrary: fc.constantFrom(`${key}[]=1`, `${key}[a]=1`, `${key}[__proto__][polluted]=yes`, `${key}[constructor][prototype][polluted]=yes`, `__proto__[polluted]=yes`, `${key}=%`, `${key}=%zz`, `${key}=%E0%A4%A`, `${key}`, `${key}=`, `${key}=1&${key}=2`) },
    { weight: 1, arbitrary: fc.integer().map((n) => `${key}=${n}`) },
  );

/** Strips lone surrogates, which fetch would otherwise turn into U+FFFD on the way out anyway. */
export const wellFormed = (text: string): string => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
