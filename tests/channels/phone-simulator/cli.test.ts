import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import restify from 'restify';
import { formatReply, textInteractively, textOnce } from '../../../src/channels/phone-simulator/cli';
import { createPhoneApiClient, PhoneApiError } from '../../../src/channels/phone-simulator/phone-api-client';
import { runTsx } from '../../helpers/run-script';
import { freePort } from '../../helpers/twilio-webhook';
import { LANTERN, STATUS_CALLBACK, startSimulatorHarness, type SimulatorHarness } from './simulator-harness';

const FAST = { quietMs: 400, pollMs: 20 };

describe('npm run phone', () => {
  let harness: SimulatorHarness;
  let phoneCounter = 500;
  const nextPhone = () => `+447700900${phoneCounter++}`;

  beforeAll(async () => {
    // Stands in for Lantern: answers each text with two texts back, through the real Twilio SDK.
    harness = await startSimulatorHarness({
      onText: async (params, self) => {
        if (params.Body === 'say nothing') return;
        for (const body of [`You said: ${params.Body}`, 'How are you today?\nReply any time.']) {
          await self.twilioClient.messages.create({ to: params.From!, from: LANTERN, body, statusCallback: STATUS_CALLBACK });
        }
      },
    });
  });
  afterAll(() => harness.close());

  it("texts once and prints Lantern's replies as they arrive", async () => {
    const lines: string[] = [];

    const replies = await textOnce(createPhoneApiClient(harness.url), nextPhone(), 'hello 👋', (line) => lines.push(line), FAST);

    expect(replies).toBe(2);
    expect(lines).toEqual(['Lantern: You said: hello 👋', 'Lantern: How are you today?\n         Reply any time.']);
  });

  it('prints only the replies to this text, not the earlier conversation', async () => {
    const api = createPhoneApiClient(harness.url);
    const phone = nextPhone();
    await textOnce(api, phone, 'first', () => {}, FAST);
    const lines: string[] = [];

    await textOnce(api, phone, 'second', (line) => lines.push(line), FAST);

    expect(lines).toEqual(['Lantern: You said: second', 'Lantern: How are you today?\n         Reply any time.']);
  });

  it('says so when no reply comes', async () => {
    const lines: string[] = [];
    const replies = await textOnce(createPhoneApiClient(harness.url), nextPhone(), 'say nothing', (line) => lines.push(line), { quietMs: 1000, pollMs: 50 });
    expect(replies).toBe(0);
    expect(lines).toEqual(['(no reply from Lantern within 1 s)']);
  });

  it('reads texts line by line until the input ends, printing replies between them', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => { printed += chunk.toString('utf8'); });
    const phone = nextPhone();

    const finished = textInteractively(createPhoneApiClient(harness.url), phone, { input, output }, FAST);
    input.end('hi\n\nsay nothing\nbye\n');
    await finished;

    expect(printed.split('\n')).toEqual([
      `Texting Lantern (${LANTERN}) as ${phone}. Ctrl-D to stop.`,
      'Lantern: You said: hi', 'Lantern: How are you today?', '         Reply any time.',
      'Lantern: You said: bye', 'Lantern: How are you today?', '         Reply any time.',
      '',
    ]);
  });

  it('explains a text the simulator refuses, and carries on', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => { printed += chunk.toString('utf8'); });

    const finished = textInteractively(createPhoneApiClient(harness.url), nextPhone(), { input, output }, FAST);
    input.end(`${'a'.repeat(1601)}\nstill here\n`);
    await finished;

    expect(printed).toContain('(not sent: body: is longer than 1600 characters, the most Twilio sends)');
    expect(printed).toContain('Lantern: You said: still here');
  });

  it('says in one line when Lantern is not running', async () => {
    const nothingThere = `http://127.0.0.1:${await freePort()}`;
    await expect(textOnce(createPhoneApiClient(nothingThere), nextPhone(), 'hi', () => {}, FAST))
      .rejects.toEqual(new PhoneApiError(`Lantern is not running at ${nothingThere} (start it with npm start).`));
  });

  it('says in one line when the simulator is not enabled (Twilio is configured)', async () => {
    const server = restify.createServer({ handleUncaughtExceptions: false });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(textOnce(createPhoneApiClient(url), nextPhone(), 'hi', () => {}, FAST)).rejects.toEqual(
        new PhoneApiError(`The phone simulator is not enabled at ${url}: it runs only when no Twilio credentials are set.`),
      );
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('indents the lines of a long reply under its first', () => {
    expect(formatReply({ body: 'one\ntwo' })).toBe('Lantern: one\n         two');
  });

  describe('as a command', () => {
    it('exits 1 with one line on stderr when Lantern is not running', async () => {
      const nothingThere = `http://127.0.0.1:${await freePort()}`;
      const result = await runTsx('src/channels/phone-simulator/cli.ts', ['--url', nothingThere, 'hello']);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr.trim().split('\n').filter((line) => !/DEP0111|trace-deprecation/.test(line)))
        .toEqual([`phone: Lantern is not running at ${nothingThere} (start it with npm start).`]);
    });

    it('exits 2 on a bad option and 0 for --help', async () => {
      const [bad, help] = await Promise.all([
        runTsx('src/channels/phone-simulator/cli.ts', ['--to', '07700900123']),
        runTsx('src/channels/phone-simulator/cli.ts', ['--help']),
      ]);
      expect(bad).toMatchObject({ code: 2, stderr: 'phone: unknown option --to (try --help)\n' });
      expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('npm run phone -- "hello"') });
    });
  });
});
