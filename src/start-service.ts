import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Server } from 'restify';
import { buildApp } from './app';
import { mountAuthRoutes, type AuthDependencies } from './api/auth';
import { mountInboxEvents } from './api/inbox/inbox-events';
import { mountInboxRoutes } from './api/inbox/inbox-routes';
import { mountOpenApi } from './api/openapi';
import { mountInboxUi } from './inbox-ui';
import { mountReferralRoutes } from './api/referrals/referral-routes';
import type { ReferralDependencies } from './domain/referrals/send-referral';
import { mountReferralLinks } from './pages/referral-links';
import { mountAssetRoutes } from './api/assets/asset-routes';
import { mountReportRoutes } from './api/reports/report-routes';
import { deriveKey } from './api/auth/session-keys';
import { createBotRuntime, type BotRuntime } from './bot/bot-runtime';
import { ANSWERING_LEASE_MS } from './bot/turn-runner';
import type { ChannelDependencies } from './channels/channel-dependencies';
import type { ChannelModule } from './channels/channel-module';
import { createAzureChannel } from './channels/azure';
import { createTwilioClient } from './channels/twilio-sms/twilio-client';
import { createTwilioSmsChannel } from './channels/twilio-sms';
import { createPhoneSimulator } from './channels/phone-simulator';
import { createDirectLineChannel } from './channels/direct-line';
import { createWebChatPage } from './channels/web-chat';
import { withDevelopmentSecret } from './config/development-secret';
import type { Config } from './config/load-config';
import { messages } from '../dialogs/messages';
import type { InboxDependencies } from './domain/inbox/coach-actions';
import { describeLocalDate } from './understanding/pause-dates';
import { applyMigrations, migrationsFolder, readMigrations } from './db/migrations';
import { openDatabase, type Database } from './db/open-database';
import { seedDemoIfEmpty, type DemoSignIns } from './domain/demo/seed-demo';
import { systemClock, type Clock } from './lib/clock';
import { InFlight } from './lib/in-flight';
import type { Logger } from './lib/logger';
import { MessageEvents } from './messaging/message-events';
import { createCodeTexter } from './messaging/one-time-texts';
import { Outbox, type OutboxOptions } from './messaging/outbox';
import { jobHandlers } from './scheduling/job-handlers';
import { Scheduler } from './scheduling/scheduler';

export interface RunningService {
  server: Server;
  database: Database;
  inFlight: InFlight;
  runtime: BotRuntime;
  outbox: Outbox;
  scheduler: Scheduler;
  /** What the coach inbox acts through (the API and tests use it). */
  inbox: InboxDependencies;
  events: MessageEvents;
  url: string;
  demo: DemoSignIns | null;
  /** Stops taking requests, lets in-flight work finish (up to the grace period), closes the database. */
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Outbox timings (tests shorten the backoff). */
  outbox?: Pick<OutboxOptions, 'baseDelayMs' | 'maxAttempts' | 'pollMs'>;
  /** How often the scheduler looks for due jobs (tests shorten it). */
  schedulerPollMs?: number;
}

/** Migrates, connects, seeds a demo on an empty database, mounts the channels, listens, and answers anything left unanswered. */
export async function startService(configured: Readonly<Config>, logger: Logger, options: StartOptions = {}): Promise<RunningService> {
  const config = withDevelopmentSecret(configured);
  const clock = options.clock ?? systemClock;
  const migrations = readMigrations(migrationsFolder(config.database.provider));
  await applyMigrations(
    config.database,
    {
      applied: (name) => logger.info({ migration: name }, 'migration applied'),
      warn: (message) => logger.warn(message),
    },
    migrations,
  );
  const database = openDatabase(config.database);
  const { db } = database;
  const demo = config.seedDemoData ? await seedDemoIfEmpty(db) : null;
  const inFlight = new InFlight();
  const events = new MessageEvents();
  let selfUrl = '';

  const channelDeps: ChannelDependencies = { config, db, clock, logger, events, inFlight, answer: (message) => runtime.runner.answer(message) };
  // No Twilio credentials: the phone simulator stands in for Twilio, over real HTTP on this server.
  // Never in production: it lets anyone text Lantern as any number.
  const simulator = config.sms.mode === 'simulator' && config.environment !== 'production'
    ? createPhoneSimulator({
        publicBaseUrl: config.publicBaseUrl,
        authToken: config.sms.authToken,
        accountSid: SIMULATOR_ACCOUNT_SID,
        lanternNumber: SIMULATOR_LANTERN_NUMBER,
        selfUrl: () => selfUrl,
        logger,
      })
    : null;
  const sms = createTwilioSmsChannel(channelDeps, smsOptions(config, () => selfUrl));
  if (!config.sms.checkSignature) logger.warn('TWILIO_SKIP_SIGNATURE_CHECK is on: unsigned SMS webhooks are accepted (development only)');
  // Without an app id the CloudAdapter accepts unauthenticated activities (the emulator, tests):
  // never in production.
  const azure = config.azure || config.environment !== 'production' ? createAzureChannel(channelDeps) : null;
  const directLine = createDirectLineChannel(channelDeps);
  const channels: ChannelModule[] = [
    sms,
    directLine,
    createWebChatPage({ config, logger }),
    ...(azure ? [azure] : []),
    ...(simulator ? [simulator] : []),
  ];
  // Names this process in scheduler claims and answering leases shared with other instances.
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const runtime = createBotRuntime({
    instanceId: workerId,
    db,
    clock,
    logger,
    events,
    inFlight,
    privacyUrl: `${config.publicBaseUrl}/privacy`,
    officeHours: config.officeHours,
    timeZone: config.timeZone,
    quietHours: config.quietHours,
    textCode: createCodeTexter({ db, clock, send: (to, from, body) => sms.sender.sendUnrecorded(to, from, body) }),
    unrecorded: async (channel, reference, texts) => {
      if (channel === 'SMS') await sms.deliverUnrecorded(reference, texts);
      if (channel === 'AZURE') await azure?.deliverUnrecorded(reference, texts);
      if (channel === 'WEB_CHAT') await directLine.deliverUnrecorded(reference, texts);
    },
  });
  const inbox: InboxDependencies = {
    db,
    clock,
    sendToPerson: runtime.sendToPerson,
    describeDate: (date, timeZone) => describeLocalDate(date, clock.now(), timeZone),
    reportHandoffStatus: runtime.reportHandoffStatus,
    texts: { pausedByCoach: messages.pausedByCoach, rhythmSet: messages.rhythmSet },
    quietHoursEnd: config.quietHours.end,
    changed: (personId) => events.personChanged(personId),
  };
  const scheduler = new Scheduler({
    db,
    provider: config.database.provider,
    clock,
    logger,
    workerId,
    handlers: jobHandlers({ db, clock, quietHours: config.quietHours, sendToPerson: runtime.sendToPerson, events, logger }),
    ...(options.schedulerPollMs ? { pollMs: options.schedulerPollMs } : {}),
  });
  const outbox = new Outbox({
    db,
    clock,
    logger,
    events,
    senders: { SMS: sms.sender, ...(azure ? { AZURE: azure.sender } : {}) },
    workerId,
    ...options.outbox,
  });

  const auth: AuthDependencies = { config, db, clock, logger };
  const referrals: ReferralDependencies = {
    db,
    clock,
    publicBaseUrl: config.publicBaseUrl,
    linkDays: config.referrals.linkDays,
    perPracticePerDay: config.referrals.perPracticePerDay,
    timeZone: config.timeZone,
    sendToPerson: runtime.sendToPerson,
    referralText: messages.referral,
  };
  const server = buildApp({
    config,
    database,
    logger,
    expectedMigrations: migrations.map((m) => m.name),
    channels,
    routes: [
      (app) => mountAuthRoutes(app, auth),
      (app) => mountInboxRoutes(app, { auth, inbox, db }),
      (app) => mountInboxEvents(app, { auth, db, events }),
      (app) => mountOpenApi(app, config.publicBaseUrl),
      (app) => mountInboxUi(app, { config, logger }),
      (app) => mountReferralRoutes(app, { auth, referrals, smallCountThreshold: config.smallCountThreshold, publicBaseUrl: config.publicBaseUrl }),
      (app) => mountReferralLinks(app, { db, clock, logger }),
      (app) => mountAssetRoutes(app, { auth, db, clock, publicBaseUrl: config.publicBaseUrl, changed: (personId) => events.personChanged(personId) }),
      (app) => mountReportRoutes(app, { auth, db, clock, timeZone: config.timeZone, threshold: config.smallCountThreshold, pseudonymKey: deriveKey(config.sessionSecret, 'report-pseudonyms').toString('hex') }),
    ],
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const startedAt = clock.now();
  selfUrl = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${address.port}`;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${address.port}`;
  logger.info({ port: address.port, database: config.database.provider, sms: config.sms.mode }, 'Lantern is listening');
  outbox.start();
  scheduler.start();
  for (const channel of channels) channel.start?.();
  await runtime.runner.recover(startedAt);
  // Another instance that died mid-turn leaves messages unanswered: pick up any left for a while.
  const sweep = setInterval(() => {
    runtime.runner.recover(new Date(clock.now().getTime() - UNANSWERED_SWEEP_AGE_MS)).catch((error: unknown) => logger.error({ err: error }, 'sweep for unanswered messages failed'));
  }, UNANSWERED_SWEEP_EVERY_MS);
  sweep.unref();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      clearInterval(sweep);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      await Promise.all(channels.map((channel) => channel.close()));
      const finished = await Promise.race([
        Promise.all([closed, inFlight.drain(config.shutdownGraceMs), scheduler.stop(), outbox.stop()]).then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), config.shutdownGraceMs).unref()),
      ]);
      if (!finished) logger.warn({ inFlight: inFlight.size }, 'shutdown grace period ended with work still running');
      server.server.closeAllConnections();
      await database.close();
    })());
  return { server, database, inFlight, runtime, outbox, scheduler, inbox, events, url, demo, stop };
}

/** Twilio itself, or the built-in phone simulator's Twilio-compatible API when no credentials are set. */
function smsOptions(config: Readonly<Config>, selfUrl: () => string) {
  const { sms } = config;
  let client: ReturnType<typeof createTwilioClient> | undefined;
  if (sms.mode === 'twilio') {
    return {
      client: () => (client ??= createTwilioClient({ accountSid: sms.accountSid, authToken: sms.authToken, apiBaseUrl: sms.apiBaseUrl })),
      sender: sms.sender,
    };
  }
  return {
    client: () => (client ??= createTwilioClient({ accountSid: SIMULATOR_ACCOUNT_SID, authToken: sms.authToken, apiBaseUrl: `${selfUrl()}/dev/twilio` })),
    sender: { from: SIMULATOR_LANTERN_NUMBER },
  };
}

const UNANSWERED_SWEEP_EVERY_MS = 15_000;
// Older than an answering lease: by then any instance that was answering has renewed its lease or died.
const UNANSWERED_SWEEP_AGE_MS = ANSWERING_LEASE_MS;

const SIMULATOR_ACCOUNT_SID = `AC${'0'.repeat(32)}`;
// In Ofcom's drama range: never a real phone.
const SIMULATOR_LANTERN_NUMBER = '+447700900000';
