import { createTwilioClient } from '../../src/channels/twilio-sms/twilio-client';
import { createTwilioSender } from '../../src/channels/twilio-sms/twilio-sender';
import { smsReference } from '../../src/channels/twilio-sms/sms-reference';
import { createOrganisation } from '../../src/domain/organisations/create-organisation';
import { systemClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { commitReplies } from '../../src/messaging/commit-replies';
import { Outbox, type OutboxOptions } from '../../src/messaging/outbox';
import { recordInbound } from '../../src/messaging/record-inbound';
import { startFakeTwilioApi, type FakeTwilioApi } from '../fakes/fake-twilio-api';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait-for';

const LANTERN = '+447700900999';

describe(`the outbox on ${testProvider}, with the real Twilio SDK`, () => {
  let database: TestDatabase;
  let twilioApi: FakeTwilioApi;
  let phoneCounter = 200;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase();
    twilioApi = await startFakeTwilioApi();
    await createOrganisation(db(), { name: 'Northside PCN', smsNumber: LANTERN });
  });
  afterAll(async () => {
    await twilioApi.close();
    await database.destroy();
  });
  beforeEach(() => twilioApi.reset());

  function outbox(options: Partial<OutboxOptions> = {}, timeoutMs = 2000): Outbox {
    const client = createTwilioClient({ accountSid: twilioApi.accountSid, authToken: twilioApi.authToken, apiBaseUrl: twilioApi.baseUrl, timeoutMs });
    const sender = createTwilioSender({ client: () => client, sender: null, statusCallbackUrl: 'http://127.0.0.1:9/api/sms/status', logger: silentLogger });
    return new Outbox({ db: db(), clock: systemClock, logger: silentLogger, senders: { SMS: sender }, workerId: 'test', baseDelayMs: 1, ...options });
  }

  /** A texting person with `bodies` waiting in the outbox for them. */
  async function queued(...bodies: string[]) {
    const phone = `+447700900${phoneCounter++}`;
    const inbound = await recordInbound(db(), {
      channel: 'SMS', address: phone, calledNumber: LANTERN, providerMessageId: `SM${'0'.repeat(29)}${phoneCounter}`,
      body: 'hi', reference: JSON.stringify(smsReference(phone, LANTERN)),
    }, systemClock);
    if (inbound.duplicate) throw new Error('unexpected duplicate');
    const outcome = await commitReplies(db(), {
      personId: inbound.person.id, conversationId: inbound.person.conversation.id, answering: inbound.message.id,
      replies: bodies.map((body) => ({ channel: 'SMS' as const, author: 'BOT' as const, body })),
    }, systemClock);
    if (outcome.outcome !== 'committed') throw new Error(outcome.outcome);
    return { phone, messages: outcome.messages, personId: inbound.person.id };
  }

  async function drain(box: Outbox, until: () => Promise<boolean>) {
    await waitFor(async () => {
      await box.runOnce();
      return until();
    }, 'the outbox to finish', 10_000);
  }
  const empty = async () => (await db().outboxEntry.count()) === 0;

  it('does not send again when a timed-out send had in fact reached Twilio', async () => {
    const { phone, messages } = await queued('Thanks for telling me.');
    // Twilio takes the text but answers after the client has given up.
    twilioApi.delayNext(800);
    const box = outbox({}, 300);
    await box.runOnce();
    expect(twilioApi.sent).toHaveLength(1);
    const entry = await db().outboxEntry.findFirstOrThrow({ where: { messageId: messages[0]?.id } });
    expect(entry.lastError).toMatch(/^ambiguous/);
    await drain(box, empty);
    expect(twilioApi.sent.filter((m) => m.to === phone)).toHaveLength(1);
    const message = await db().message.findUniqueOrThrow({ where: { id: messages[0]?.id } });
    expect(message.providerMessageId).toBe(twilioApi.sent[0]?.sid);
  });

  it('sends the same words again when they are a new message, not a retry', async () => {
    const { phone } = await queued('OK', 'OK');
    await drain(outbox(), empty);
    expect(twilioApi.sent.filter((m) => m.to === phone).map((m) => m.body)).toEqual(['OK', 'OK']);
  });

  it("keeps one person's texts in order while an earlier one is retried", async () => {
    const { phone } = await queued('first', 'second', 'third');
    twilioApi.failNext(2, { status: 429, code: 20429, message: 'Too Many Requests' });
    await drain(outbox(), empty);
    expect(twilioApi.sent.filter((m) => m.to === phone).map((m) => m.body)).toEqual(['first', 'second', 'third']);
  });

  it('gives up after the last attempt and marks the text failed for coaches', async () => {
    const { messages } = await queued('hello');
    twilioApi.failNext(3, { status: 429, code: 20429, message: 'Too Many Requests' });
    await drain(outbox({ maxAttempts: 3 }), empty);
    const message = await db().message.findUniqueOrThrow({ where: { id: messages[0]?.id }, include: { conversation: true } });
    expect(message.status).toBe('FAILED');
    expect(message.conversation.deliveryFailedAt).not.toBeNull();
    expect(twilioApi.sent).toHaveLength(0);
  });

  it('does not send a reply written before the person said STOP', async () => {
    const { messages, personId } = await queued('Here is a thought for the week');
    await db().person.update({ where: { id: personId }, data: { optedOutAt: new Date(Date.now() + 1000), optOutSource: 'keyword' } });
    await drain(outbox(), empty);
    expect(twilioApi.sent).toHaveLength(0);
    expect(await db().message.findUniqueOrThrow({ where: { id: messages[0]?.id } })).toMatchObject({ status: 'FAILED', errorCode: 'opted-out' });
  });

  it('shares the work between two workers on one database without sending anything twice', async () => {
    const people = await Promise.all(Array.from({ length: 12 }, (_, i) => queued(`a${i}`, `b${i}`, `c${i}`)));
    const first = outbox({ workerId: 'one' });
    const second = outbox({ workerId: 'two' });
    await waitFor(async () => {
      await Promise.all([first.runOnce(), second.runOnce()]);
      return empty();
    }, 'both workers to finish', 20_000);
    expect(twilioApi.sent).toHaveLength(36);
    expect(new Set(twilioApi.sent.map((m) => `${m.to}:${m.body}`)).size).toBe(36);
    for (const [i, person] of people.entries()) {
      expect(twilioApi.sent.filter((m) => m.to === person.phone).map((m) => m.body)).toEqual([`a${i}`, `b${i}`, `c${i}`]);
    }
  });

  it('goes straight on to the next round after a full batch, without waiting for the poll', async () => {
    const people = await Promise.all(Array.from({ length: 7 }, (_, i) => queued(`batch ${i}`)));
    // Batches of 2 and a poll a minute apart: only going on at once sends all seven in time.
    const box = outbox({ batchSize: 2, pollMs: 60_000 });
    box.start();
    try {
      await twilioApi.waitForSent(7, 5_000);
    } finally {
      await box.stop();
    }
    for (const [i, person] of people.entries()) expect(twilioApi.sent.filter((m) => m.to === person.phone).map((m) => m.body)).toEqual([`batch ${i}`]);
    expect(await empty()).toBe(true);
  });

  it('sends many people their texts side by side, each person in order, each text once', async () => {
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => queued(`one ${i}`, `two ${i}`, `three ${i}`)));
    const box = outbox({ batchSize: 25, concurrency: 4 });
    await drain(box, empty);
    expect(twilioApi.sent).toHaveLength(60);
    for (const [i, person] of people.entries()) {
      expect(twilioApi.sent.filter((m) => m.to === person.phone).map((m) => m.body)).toEqual([`one ${i}`, `two ${i}`, `three ${i}`]);
    }
    const messages = await db().message.findMany({ where: { id: { in: people.flatMap((p) => p.messages.map((m) => m.id)) } } });
    expect(new Set(messages.map((m) => m.providerMessageId)).size).toBe(60);
    expect(messages.every((m) => m.status === 'SENDING' && twilioApi.sent.some((t) => t.sid === m.providerMessageId))).toBe(true);
  });

  it('does not send again when a worker died after Twilio took the text but before it recorded the send', async () => {
    const { phone, messages } = await queued('Are you still there?');
    const client = createTwilioClient({ accountSid: twilioApi.accountSid, authToken: twilioApi.authToken, apiBaseUrl: twilioApi.baseUrl, timeoutMs: 2000 });
    const sender = createTwilioSender({ client: () => client, sender: null, statusCallbackUrl: 'http://127.0.0.1:9/api/sms/status', logger: silentLogger });
    // The first worker hands the text to Twilio and then never finishes (as if the process died there).
    const dying = new Outbox({
      db: db(), clock: systemClock, logger: silentLogger, workerId: 'dying', claimMs: 300,
      senders: { SMS: { send: async (outbound) => { await sender.send(outbound); return new Promise<never>(() => undefined); } } },
    });
    void dying.runOnce();
    await twilioApi.waitForSent(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    // Its claim has run out: another worker takes the entry over.
    await drain(outbox({ workerId: 'survivor' }), empty);
    expect(twilioApi.sent.filter((m) => m.to === phone)).toHaveLength(1);
    const message = await db().message.findUniqueOrThrow({ where: { id: messages[0]?.id } });
    expect(message.providerMessageId).toBe(twilioApi.sent[0]?.sid);
  });
});
