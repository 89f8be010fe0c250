import type { AddressInfo } from 'node:net';
import restify, { type Request, type Server } from 'restify';
import twilio from 'twilio';
import { createPhoneSimulator, type PhoneSimulator, type PhoneSimulatorOptions } from '../../../src/channels/phone-simulator';
import { createTwilioClient } from '../../../src/channels/twilio-sms/twilio-client';
import { silentLogger } from '../../../src/lib/logger';

// Ofcom's drama range: never a real person's phone.
export const PHONE = '+447700900123';
export const LANTERN = '+447700900999';
export const AUTH_TOKEN = 'simulator-auth-token-0123456789abcdef';
export const ACCOUNT_SID = `AC${'0'.repeat(32)}`;
// Deliberately not where the service listens: signatures must be for this, posts go to selfUrl.
export const PUBLIC_BASE_URL = 'https://lantern.example.org';
export const STATUS_CALLBACK = `${PUBLIC_BASE_URL}/api/sms/status`;

export interface ReceivedWebhook {
  path: string;
  params: Record<string, string>;
  signature: string;
  contentType: string;
}

export interface HarnessOptions {
  /** The token Lantern's stand-in routes check signatures with (a different one proves forgeries fail). */
  lanternAuthToken?: string;
  /** Leave out the stand-in inbound route, as if Lantern's SMS channel were not mounted. */
  withoutInboundRoute?: boolean;
  /** What Lantern does after acknowledging a text, e.g. reply through the Twilio SDK. */
  onText?: (params: Record<string, string>, harness: SimulatorHarness) => Promise<void>;
  simulator?: Partial<PhoneSimulatorOptions>;
}

export interface SimulatorHarness {
  url: string;
  server: Server;
  simulator: PhoneSimulator;
  /** The real Twilio SDK, pointed at the simulator as Lantern's outbox would be. */
  twilioClient: twilio.Twilio;
  inbound: ReceivedWebhook[];
  statusCallbacks: ReceivedWebhook[];
  close(): Promise<void>;
}

function formOf(req: Request): Record<string, string> {
  const raw = typeof req.body === 'string' ? req.body : Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * A bare restify server with the simulator mounted, plus stand-ins for Lantern's two SMS routes
 * that check X-Twilio-Signature against the PUBLIC url, as Lantern's real routes do.
 */
export async function startSimulatorHarness(options: HarnessOptions = {}): Promise<SimulatorHarness> {
  const lanternToken = options.lanternAuthToken ?? AUTH_TOKEN;
  const server = restify.createServer({ handleUncaughtExceptions: false });
  let port = 0;
  const selfUrl = () => `http://127.0.0.1:${port}`;
  const simulator = createPhoneSimulator({
    publicBaseUrl: PUBLIC_BASE_URL,
    authToken: AUTH_TOKEN,
    accountSid: ACCOUNT_SID,
    lanternNumber: LANTERN,
    selfUrl,
    logger: silentLogger,
    deliveryStepMs: 20,
    ...options.simulator,
  });
  simulator.mount(server);

  const inbound: ReceivedWebhook[] = [];
  const statusCallbacks: ReceivedWebhook[] = [];
  const standIn = (path: string, received: ReceivedWebhook[], after?: (params: Record<string, string>) => void) => {
    server.post(path, restify.plugins.bodyReader(), (req, res, next) => {
      const params = formOf(req);
      const signature = req.header('x-twilio-signature') ?? '';
      const signedFor = `${PUBLIC_BASE_URL}${req.getPath()}${req.getQuery() ? `?${req.getQuery()}` : ''}`;
      if (!twilio.validateRequest(lanternToken, signature, signedFor, params)) {
        res.send(403, { error: { code: 'forbidden', message: 'This request is not signed by Twilio.' } });
        return next();
      }
      received.push({ path: req.url ?? '', params, signature, contentType: req.header('content-type') ?? '' });
      res.setHeader('Content-Type', 'text/xml; charset=utf-8');
      res.sendRaw(200, '<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
      after?.(params);
      return next();
    });
  };
  if (!options.withoutInboundRoute) {
    standIn('/api/sms/inbound', inbound, (params) => {
      void options.onText?.(params, harness).catch((error: unknown) => console.error('stand-in reply failed', error));
    });
  }
  standIn('/api/sms/status', statusCallbacks);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;

  const harness: SimulatorHarness = {
    url: selfUrl(),
    server,
    simulator,
    twilioClient: createTwilioClient({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiBaseUrl: simulator.twilioApiBaseUrl() }),
    inbound,
    statusCallbacks,
    async close() {
      await simulator.close();
      server.server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return harness;
}

/** The page API's thread for a phone. */
export async function threadOf(harness: SimulatorHarness, phone: string) {
  const response = await fetch(`${harness.url}/dev/phone/api/messages?phone=${encodeURIComponent(phone)}`);
  return { status: response.status, body: (await response.json()) as {
    phone: string; lanternNumber: string;
    messages: Array<{ sid: string; direction: string; body: string; at: string; status: string }>;
  } };
}

/** Texts Lantern from a simulated phone through the page API. */
export async function textFromPhone(harness: SimulatorHarness, payload: unknown, init: RequestInit = {}) {
  const response = await fetch(`${harness.url}/dev/phone/api/messages`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    ...init,
  });
  return { status: response.status, body: (await response.json()) as any };
}
