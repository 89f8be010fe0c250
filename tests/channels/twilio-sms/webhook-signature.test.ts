import { createLogger, type Logger } from '../../../src/lib/logger';
import { testProvider } from '../../helpers/test-database';
import { LANTERN, startSmsService } from '../../helpers/sms-service';
import { inboundText, postSignedForm } from '../../helpers/twilio-webhook';

const PUBLIC_BASE_URL = 'https://lantern.example.org';
const SKIPPING_WARNING = /TWILIO_SKIP_SIGNATURE_CHECK.*unsigned SMS webhooks are accepted/;

/** A real pino logger whose lines are kept, parsed, for the test to read. */
function capturingLogger(): { logger: Logger; warnings: () => string[] } {
  const lines: Array<{ level: number; msg?: string }> = [];
  const logger = createLogger({ level: 'warn', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, warnings: () => lines.filter((line) => line.level === 40).map((line) => line.msg ?? '') };
}

describe(`Twilio webhook signatures behind a proxy, on ${testProvider}`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  const log = capturingLogger();
  beforeAll(async () => {
    sms = await startSmsService({ publicBaseUrl: PUBLIC_BASE_URL, logger: log.logger });
  });
  afterAll(() => sms.stop());

  const stored = (sid: string | undefined) => sms.db().message.count({ where: { providerMessageId: sid } });

  it('accepts a webhook signed for PUBLIC_BASE_URL that arrived at the server on 127.0.0.1', async () => {
    const params = inboundText(sms.nextPhone(), LANTERN, 'hello from behind the proxy');
    const response = await postSignedForm(`${sms.serverUrl}/api/sms/inbound`, params, {
      authToken: sms.twilioApi.authToken,
      signedUrl: `${PUBLIC_BASE_URL}/api/sms/inbound`,
    });
    expect(response.status).toBe(200);
    await sms.settle();
    expect(await stored(params.MessageSid)).toBe(1);
  });

  it('refuses with 403 a webhook signed for the 127.0.0.1 URL it arrived at, and stores nothing', async () => {
    const params = inboundText(sms.nextPhone(), LANTERN, 'signed for the wrong URL');
    // The signature matches the Host and path the request came in on: what a check that rebuilt the URL from the request would accept.
    const response = await postSignedForm(`${sms.serverUrl}/api/sms/inbound`, params, { authToken: sms.twilioApi.authToken });
    expect(response.status).toBe(403);
    expect(await stored(params.MessageSid)).toBe(0);
  });

  it('checks signatures without warning that it does not', () => {
    expect(log.warnings().filter((msg) => SKIPPING_WARNING.test(msg))).toEqual([]);
  });
});

describe(`TWILIO_SKIP_SIGNATURE_CHECK=true in development, on ${testProvider}`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  const log = capturingLogger();
  beforeAll(async () => {
    sms = await startSmsService({ env: { NODE_ENV: 'development', TWILIO_SKIP_SIGNATURE_CHECK: 'true' }, logger: log.logger });
  });
  afterAll(() => sms.stop());

  it('warns once at start-up that unsigned webhooks are accepted', () => {
    expect(log.warnings().filter((msg) => SKIPPING_WARNING.test(msg))).toHaveLength(1);
  });

  it('accepts and stores an unsigned webhook, and answers it', async () => {
    const phone = sms.nextPhone();
    const params = inboundText(phone, LANTERN, 'hello, unsigned');
    const response = await sms.text(params, null);
    expect(response.status).toBe(200);
    await sms.settle();
    expect(await sms.db().message.count({ where: { providerMessageId: params.MessageSid } })).toBe(1);
    expect(sms.sentTo(phone).length).toBeGreaterThan(0);
  });
});
