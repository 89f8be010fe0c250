import type { DatabaseConfig } from '../../src/config/load-config';
import type { Clock } from '../../src/lib/clock';
import { silentLogger, type Logger } from '../../src/lib/logger';
import { startService, type RunningService } from '../../src/start-service';
import { startFakeTwilioApi, type FakeTwilioApi } from '../fakes/fake-twilio-api';
import { testConfig } from './test-config';
import { createTestDatabaseConfig } from './test-database';
import { freePort, inboundText, postSignedForm } from './twilio-webhook';
import { waitFor } from './wait-for';

export const LANTERN = '+447700900999';

/**
 * The whole service on a fresh database, sending texts through the real Twilio SDK to a fake
 * Twilio API, with helpers to text it as a phone would and to wait until it has finished.
 * `publicBaseUrl` stands for a proxy in front: webhooks are signed for it but posted to `serverUrl`.
 */
export async function startSmsService(options: { clock?: Clock; env?: Record<string, string>; publicBaseUrl?: string; logger?: Logger } = {}) {
  const twilioApi: FakeTwilioApi = await startFakeTwilioApi();
  const database: { config: DatabaseConfig; drop(): Promise<void> } = await createTestDatabaseConfig();
  const serverUrl = `http://127.0.0.1:${await freePort()}`;
  const publicBaseUrl = options.publicBaseUrl ?? serverUrl;
  let phoneCounter = 100;

  const start = (port = new URL(serverUrl).port) =>
    startService(
      testConfig(database.config, {
        PORT: port,
        PUBLIC_BASE_URL: publicBaseUrl,
        TWILIO_ACCOUNT_SID: twilioApi.accountSid,
        TWILIO_AUTH_TOKEN: twilioApi.authToken,
        TWILIO_FROM_NUMBER: LANTERN,
        TWILIO_API_BASE_URL: twilioApi.baseUrl,
        SEED_DEMO_DATA: 'true',
        ...options.env,
      }),
      options.logger ?? silentLogger,
      { outbox: { baseDelayMs: 20, pollMs: 50 }, schedulerPollMs: 3_600_000, ...(options.clock ? { clock: options.clock } : {}) },
    );

  const harness = {
    twilioApi,
    database,
    publicBaseUrl,
    serverUrl,
    service: await start(),
    db: () => harness.service.database.db,
    nextPhone: () => `+447700900${String(phoneCounter++).padStart(3, '0')}`,
    /** Posts Twilio's webhook for a text (signed for the public URL unless a signature is given; null sends none). */
    text: (params: Record<string, string>, signature?: string | null) =>
      postSignedForm(`${serverUrl}/api/sms/inbound`, params, {
        authToken: twilioApi.authToken,
        signedUrl: `${publicBaseUrl}/api/sms/inbound`,
        ...(signature !== undefined ? { signature } : {}),
      }),
    say: (phone: string, body: string, extra: Record<string, string> = {}) => harness.text(inboundText(phone, LANTERN, body, extra)),
    sentTo: (phone: string) => twilioApi.sent.filter((m) => m.to === phone),
    /** Waits until every answer is written and every text handed to Twilio. */
    async settle() {
      await harness.service.inFlight.drain(5000);
      await waitFor(async () => (await harness.db().outboxEntry.count()) === 0, 'the outbox to empty');
      await harness.service.outbox.idle();
    },
    /** Moves the test's fixed clock to `when`, runs the scheduler once, and lets every text go out. */
    async runSchedulerAt(when: string) {
      const clock = options.clock as (Clock & { set?(at: string): void }) | undefined;
      if (!clock?.set) throw new Error('runSchedulerAt needs the service started with a fixed clock');
      clock.set(when);
      await harness.service.scheduler.runOnce();
      await harness.settle();
    },
    /** A person who has been welcomed and skipped the name question. */
    async welcomed(phone: string) {
      await harness.say(phone, 'hello');
      await harness.settle();
      await harness.say(phone, 'skip');
      await harness.settle();
      twilioApi.reset();
    },
    /** A second Lantern instance on the same database and Twilio account, as behind a load balancer. Stop it yourself. */
    async anotherInstance() {
      const port = String(await freePort());
      const service = await start(port);
      const url = `http://127.0.0.1:${port}`;
      return {
        service,
        say: (phone: string, body: string, extra: Record<string, string> = {}) =>
          postSignedForm(`${url}/api/sms/inbound`, inboundText(phone, LANTERN, body, extra), { authToken: twilioApi.authToken, signedUrl: `${publicBaseUrl}/api/sms/inbound` }),
      };
    },
    /** Starts the service again on the same database (after `service.stop()`). */
    async startAgain() {
      harness.service = await start();
    },
    async stop() {
      await harness.service.stop();
      await twilioApi.close();
      await database.drop();
    },
  };
  return harness;
}
