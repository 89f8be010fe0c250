import { DEFAULT_PHONE, parsePhoneArguments } from '../../../src/channels/phone-simulator/cli-arguments';

const NO_ENV = {};

describe('reading `npm run phone` arguments', () => {
  it.each<[string, string[], Record<string, string>, ReturnType<typeof parsePhoneArguments>]>([
    ['one message, as the default phone', ['hello'], NO_ENV, { kind: 'text', from: DEFAULT_PHONE, url: 'http://localhost:3978', message: 'hello' }],
    ['several words, joined as one message', ['I', 'feel', 'low'], NO_ENV, { kind: 'text', from: DEFAULT_PHONE, url: 'http://localhost:3978', message: 'I feel low' }],
    ['no message: the interactive prompt', [], NO_ENV, { kind: 'text', from: DEFAULT_PHONE, url: 'http://localhost:3978', message: null }],
    ['--from in UK national format', ['--from', '07700900456', 'hi'], NO_ENV, { kind: 'text', from: '+447700900456', url: 'http://localhost:3978', message: 'hi' }],
    ['--from=value with spaces', ['--from=07700 900456', 'hi'], NO_ENV, { kind: 'text', from: '+447700900456', url: 'http://localhost:3978', message: 'hi' }],
    ['--url, without its trailing slash', ['--url', 'http://127.0.0.1:4000/', 'hi'], NO_ENV, { kind: 'text', from: DEFAULT_PHONE, url: 'http://127.0.0.1:4000', message: 'hi' }],
    ['the address from PUBLIC_BASE_URL', ['hi'], { PUBLIC_BASE_URL: 'https://lantern.example.org', PORT: '4000' }, { kind: 'text', from: DEFAULT_PHONE, url: 'https://lantern.example.org', message: 'hi' }],
    ['the address from PORT', ['hi'], { PORT: '4000' }, { kind: 'text', from: DEFAULT_PHONE, url: 'http://localhost:4000', message: 'hi' }],
    ['--url over the environment', ['--url=http://localhost:5000', 'hi'], { PUBLIC_BASE_URL: 'https://lantern.example.org' }, { kind: 'text', from: DEFAULT_PHONE, url: 'http://localhost:5000', message: 'hi' }],
    ['a message that starts with a dash, after --', ['--', '-5 degrees out'], NO_ENV, { kind: 'text', from: DEFAULT_PHONE, url: 'http://localhost:3978', message: '-5 degrees out' }],
    ['options after the message', ['hello', '--from', '07700900789'], NO_ENV, { kind: 'text', from: '+447700900789', url: 'http://localhost:3978', message: 'hello' }],
    ['emoji', ['👋 hi'], NO_ENV, { kind: 'text', from: DEFAULT_PHONE, url: 'http://localhost:3978', message: '👋 hi' }],
    ['--help', ['--help'], NO_ENV, { kind: 'help' }],
    ['-h, whatever else is there', ['hello', '-h'], NO_ENV, { kind: 'help' }],
  ])('reads %s', (_case, argv, env, expected) => {
    expect(parsePhoneArguments(argv, env)).toEqual(expected);
  });

  it.each([
    ['an unknown option', ['--to', '07700900456'], 'unknown option --to (try --help)'],
    ['--from with nothing after it', ['--from'], '--from needs a value'],
    ['an empty --url=', ['--url=', 'hi'], '--url needs a value'],
    ['a --from that is not a phone', ['--from', '12', 'hi'], '--from 12 is not a phone number: try 07700 900123 or +447700900123'],
    ['a --url that is not http', ['--url', 'ftp://example.org', 'hi'], '--url ftp://example.org is not an http(s) address like http://localhost:3978'],
    ['a --url that is not a URL', ['--url', 'localhost:3978', 'hi'], '--url localhost:3978 is not an http(s) address like http://localhost:3978'],
    ['an empty message', [''], 'the message is empty'],
    ['a message of spaces', ['  '], 'the message is empty'],
    ['a message longer than Twilio sends', ['a'.repeat(1601)], 'the message is longer than 1600 characters'],
  ])('explains %s in one line', (_case, argv, problem) => {
    expect(parsePhoneArguments(argv, NO_ENV)).toEqual({ kind: 'problem', problem });
  });
});
