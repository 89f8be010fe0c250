import { normalisePhone } from '../../lib/phone';

/** What `npm run phone` was asked to do. */
export type PhoneCommand =
  | { kind: 'help' }
  | { kind: 'problem'; problem: string }
  | { kind: 'text'; from: string; url: string; message: string | null };

export const DEFAULT_PHONE = '+447700900123';
const MAX_TEXT_LENGTH = 1600;

export const USAGE = `Text Lantern's phone simulator from the terminal.

  npm run phone -- "hello"                  text once, print Lantern's replies, then exit
  npm run phone                             type texts; Ctrl-D to stop
  npm run phone -- --from 07700900456 "hi"  text as another phone

Options:
  --from <number>  the phone to text as (default ${DEFAULT_PHONE})
  --url <url>      where Lantern runs (default PUBLIC_BASE_URL, else http://localhost:$PORT, PORT 3978)
  --help           show this`;

/** Reads the command line; no I/O, so every case can be tested. */
export function parsePhoneArguments(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): PhoneCommand {
  let from = DEFAULT_PHONE;
  let url = env.PUBLIC_BASE_URL || `http://localhost:${env.PORT || '3978'}`;
  const words: string[] = [];
  let optionsEnded = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      words.push(arg);
      continue;
    }
    if (arg === '--') { optionsEnded = true; continue; }
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const [name, inlineValue] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name !== '--from' && name !== '--url') return { kind: 'problem', problem: `unknown option ${name} (try --help)` };
    const value = inlineValue ?? argv[++i];
    if (value === undefined || value === '') return { kind: 'problem', problem: `${name} needs a value` };
    if (name === '--from') from = value;
    else url = value;
  }

  const phone = normalisePhone(from);
  if (!phone) return { kind: 'problem', problem: `--from ${from} is not a phone number: try 07700 900123 or +447700900123` };
  const baseUrl = httpUrl(url);
  if (!baseUrl) return { kind: 'problem', problem: `--url ${url} is not an http(s) address like http://localhost:3978` };
  if (words.length === 0) return { kind: 'text', from: phone, url: baseUrl, message: null };
  const message = words.join(' ');
  if (message.trim() === '') return { kind: 'problem', problem: 'the message is empty' };
  if (message.length > MAX_TEXT_LENGTH) return { kind: 'problem', problem: `the message is longer than ${MAX_TEXT_LENGTH} characters` };
  return { kind: 'text', from: phone, url: baseUrl, message };
}

function httpUrl(value: string): string | null {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.href.replace(/\/+$/, '');
  } catch {
    return null;
  }
}
