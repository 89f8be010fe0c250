import readline from 'node:readline';
import { parsePhoneArguments, USAGE } from './cli-arguments';
import { createPhoneApiClient, PhoneApiError, type PhoneApiClient, type PhoneThread } from './phone-api-client';

/**
 * `npm run phone`: text Lantern from the terminal through the phone simulator's JSON API, so the
 * text takes the same path as a real one (Twilio's signed webhook in, the Twilio API out).
 */

export interface WatchTimings {
  /** Stop this long after the last reply (or after sending, if none comes). */
  quietMs: number;
  pollMs: number;
}

const DEFAULT_TIMINGS: WatchTimings = { quietMs: 10_000, pollMs: 500 };

type Text = PhoneThread['messages'][number];

/** Lantern's texts to `phone` that have not been seen yet, oldest first. */
export async function replyWatcher(api: PhoneApiClient, phone: string) {
  const seen = new Set((await api.thread(phone)).messages.map((text) => text.sid));
  return async (): Promise<Text[]> => {
    const { messages } = await api.thread(phone);
    const fresh = messages.filter((text) => !seen.has(text.sid));
    fresh.forEach((text) => seen.add(text.sid));
    return fresh.filter((text) => text.direction === 'from-lantern');
  };
}

export function formatReply(text: Pick<Text, 'body'>): string {
  return `Lantern: ${text.body.replace(/\n/g, '\n         ')}`;
}

/** Sends one text, prints each reply as it arrives, and returns how many came. */
export async function textOnce(api: PhoneApiClient, from: string, message: string, print: (line: string) => void, timings = DEFAULT_TIMINGS): Promise<number> {
  const newReplies = await replyWatcher(api, from);
  await api.send(from, message);
  let replies = 0;
  let quietSince = Date.now();
  while (Date.now() - quietSince < timings.quietMs) {
    await sleep(timings.pollMs);
    for (const reply of await newReplies()) {
      print(formatReply(reply));
      replies += 1;
      quietSince = Date.now();
    }
  }
  if (replies === 0) print(`(no reply from Lantern within ${Math.round(timings.quietMs / 1000)} s)`);
  return replies;
}

/** A prompt that sends each line and prints replies between them, until the input ends (Ctrl-D). */
export async function textInteractively(
  api: PhoneApiClient,
  from: string,
  io: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream & { isTTY?: boolean } },
  timings = DEFAULT_TIMINGS,
): Promise<void> {
  const { lanternNumber } = await api.thread(from);
  const newReplies = await replyWatcher(api, from);
  const terminal = io.output.isTTY === true;
  const rl = readline.createInterface({ input: io.input, output: io.output, terminal, prompt: 'you> ' });
  // A prompt only makes sense on a terminal; piped input would fill the output with them.
  const prompt = () => { if (terminal) rl.prompt(); };
  const print = (line: string) => {
    if (terminal) {
      readline.clearLine(io.output, 0);
      readline.cursorTo(io.output, 0);
    }
    io.output.write(`${line}\n`);
    if (terminal) rl.prompt(true);
  };

  print(`Texting Lantern (${lanternNumber}) as ${from}. Ctrl-D to stop.`);
  let sending: Promise<void> = Promise.resolve();
  let quietSince = Date.now();
  rl.on('line', (line) => {
    if (line.trim() === '') return prompt();
    sending = sending
      .then(() => api.send(from, line))
      .then(() => { quietSince = Date.now(); }, (error: unknown) => print(`(not sent: ${problemIn(error)})`))
      .then(prompt);
  });
  const ended = new Promise<void>((resolve) => rl.once('close', resolve));
  const stopWatching = keepPrintingReplies(newReplies, {
    reply: (line) => { print(line); quietSince = Date.now(); },
    problem: print,
  }, timings.pollMs);

  prompt();
  await ended;
  // Piped input ends at once: wait for its texts to go and their replies to come.
  if (!terminal) {
    await sending;
    quietSince = Date.now();
    while (Date.now() - quietSince < timings.quietMs) await sleep(timings.pollMs);
  }
  await stopWatching();
}

/** Prints replies as they come until stopped; a problem (Lantern stopped) is printed once, not every poll. */
function keepPrintingReplies(
  newReplies: () => Promise<Text[]>,
  print: { reply(line: string): void; problem(line: string): void },
  pollMs: number,
): () => Promise<void> {
  let open = true;
  let lastProblem = '';
  const watching = (async () => {
    while (open) {
      await sleep(pollMs);
      try {
        for (const reply of await newReplies()) print.reply(formatReply(reply));
        lastProblem = '';
      } catch (error) {
        const problem = problemIn(error);
        if (problem !== lastProblem) print.problem(`(${problem})`);
        lastProblem = problem;
      }
    }
  })();
  return async () => {
    open = false;
    await watching;
  };
}

function problemIn(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<number> {
  const command = parsePhoneArguments(process.argv.slice(2), process.env);
  if (command.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command.kind === 'problem') {
    console.error(`phone: ${command.problem}`);
    return 2;
  }
  const api = createPhoneApiClient(command.url);
  try {
    if (command.message === null) await textInteractively(api, command.from, { input: process.stdin, output: process.stdout });
    else await textOnce(api, command.from, command.message, (line) => console.log(line));
    return 0;
  } catch (error) {
    if (!(error instanceof PhoneApiError)) throw error;
    console.error(`phone: ${error.message}`);
    return 1;
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('phone: something went wrong:', error);
      process.exit(1);
    },
  );
}
