import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startService, type RunningService } from '../../../src/start-service';
import { silentLogger } from '../../../src/lib/logger';
import { createTestDatabaseConfig, testProvider } from '../../helpers/test-database';
import { testConfig } from '../../helpers/test-config';
import { waitFor } from '../../helpers/wait-for';
import type { DatabaseConfig } from '../../../src/config/load-config';

interface ConnectorCall { path: string; activity: { type: string; text?: string; recipient?: { id: string } } }

/** A local stand-in for the Bot Connector service an Azure channel posts replies to. */
async function startFakeConnector() {
  const calls: ConnectorCall[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', activity: JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') });
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${calls.length}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

describe(`Azure Bot Service at /api/messages on ${testProvider}`, () => {
  let service: RunningService;
  let database: { config: DatabaseConfig; drop(): Promise<void> };
  let connector: Awaited<ReturnType<typeof startFakeConnector>>;

  beforeAll(async () => {
    connector = await startFakeConnector();
    database = await createTestDatabaseConfig();
    service = await startService(testConfig(database.config, { SEED_DEMO_DATA: 'true' }), silentLogger, { outbox: { baseDelayMs: 20, pollMs: 50 } });
  });
  afterAll(async () => {
    await service.stop();
    await connector.close();
    await database.drop();
  });

  const activity = (id: string, text: string) => ({
    type: 'message', id, text, channelId: 'msteams', serviceUrl: connector.url, timestamp: new Date().toISOString(),
    from: { id: 'teams-user-1', name: 'Alex' }, recipient: { id: 'lantern-bot', name: 'Lantern' },
    conversation: { id: 'teams-conversation-1' },
  });
  const post = (body: unknown) => fetch(`${service.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

  it('answers a Teams message through the CloudAdapter, replying to the channel service', async () => {
    const response = await post(activity('act-1', 'hello'));
    expect(response.status).toBeLessThan(300);
    await waitFor(async () => connector.calls.length >= 1, 'a reply at the connector');
    const [first] = connector.calls;
    expect(first?.path).toMatch(/^\/v3\/conversations\/teams-conversation-1\/activities/);
    expect(first?.activity).toMatchObject({ type: 'message', text: expect.stringMatching(/Lantern/), recipient: { id: 'teams-user-1' } });
    const person = await service.database.db.channelAddress.findUniqueOrThrow({ where: { channel_address: { channel: 'AZURE', address: 'msteams:teams-user-1' } } });
    const messages = await service.database.db.message.findMany({ where: { personId: person.personId }, orderBy: { seq: 'asc' } });
    expect(messages[0]).toMatchObject({ direction: 'INBOUND', channel: 'AZURE', body: 'hello', status: 'HANDLED' });
    expect(messages.slice(1).every((m) => m.direction === 'OUTBOUND' && m.channel === 'AZURE')).toBe(true);
  });

  it('stores a redelivered activity once', async () => {
    await waitFor(async () => (await service.database.db.outboxEntry.count()) === 0, 'the outbox to empty');
    await service.inFlight.drain(5000);
    const before = connector.calls.length;
    await post(activity('act-2', 'skip'));
    await post(activity('act-2', 'skip'));
    await service.inFlight.drain(5000);
    await waitFor(async () => (await service.database.db.outboxEntry.count()) === 0, 'the outbox to empty');
    expect(await service.database.db.message.count({ where: { body: 'skip', channel: 'AZURE' } })).toBe(1);
    expect(connector.calls.length - before).toBe(1);
  });

  it("sends a coach's reply to a Teams person with the stored conversation reference", async () => {
    const address = await service.database.db.channelAddress.findUniqueOrThrow({ where: { channel_address: { channel: 'AZURE', address: 'msteams:teams-user-1' } } });
    const before = connector.calls.length;
    await service.runtime.sendToPerson({ personId: address.personId, text: 'Hello from your coach', sender: { author: 'COACH' } });
    await waitFor(async () => connector.calls.length > before, 'the coach reply at the connector');
    expect(connector.calls.at(-1)?.activity).toMatchObject({ type: 'message', text: 'Hello from your coach' });
  });
});

describe('Azure Bot Service with an app id configured', () => {
  it('refuses an activity that carries no Bot Framework token', async () => {
    const database = await createTestDatabaseConfig();
    const service = await startService(
      testConfig(database.config, { SEED_DEMO_DATA: 'true', MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 'not-a-real-secret' }),
      silentLogger,
    );
    try {
      const response = await fetch(`${service.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ type: 'message', id: 'x', text: 'hi', channelId: 'msteams', serviceUrl: 'http://127.0.0.1:9', from: { id: 'u' }, recipient: { id: 'b' }, conversation: { id: 'c' } }),
      });
      expect(response.status).toBe(401);
      expect(await service.database.db.message.count()).toBe(0);
    } finally {
      await service.stop();
      await database.drop();
    }
  });
});
