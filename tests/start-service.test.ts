import { startService, type RunningService } from '../src/start-service';
import { silentLogger } from '../src/lib/logger';
import { createTestDatabaseConfig, testProvider } from './helpers/test-database';
import { request } from './helpers/http';
import { testConfig } from './helpers/test-config';

describe(`the service on ${testProvider}`, () => {
  let service: RunningService;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabaseConfig();
    drop = database.drop;
    service = await startService(testConfig(database.config, { SEED_DEMO_DATA: 'true' }), silentLogger);
  });
  afterAll(async () => {
    await service.stop();
    await drop();
  });

  it('says it is alive and ready once migrations are applied', async () => {
    expect(await request(`${service.url}/healthz`)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await request(`${service.url}/readyz`)).toMatchObject({ status: 200, body: { status: 'ready' } });
  });

  it('creates a demo organisation, coach and practice on an empty database, once', async () => {
    expect(service.demo).toMatchObject({ coach: { email: 'coach@demo.lantern.test' }, practiceStaff: { odsCode: 'LNT001' } });
    const { db } = service.database;
    expect(await db.organisation.count()).toBe(1);
    expect(await db.staff.count()).toBe(2);
  });

  it('answers unknown routes with a JSON error', async () => {
    const response = await request(`${service.url}/no-such-page`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: { code: 'resource-not-found', message: expect.any(String) } });
  });
});

describe('readiness', () => {
  it('is 503 while a migration this version needs is missing', async () => {
    const database = await createTestDatabaseConfig();
    const service = await startService(testConfig(database.config), silentLogger);
    try {
      await service.database.db.$executeRawUnsafe('DELETE FROM _prisma_migrations');
      const response = await request(`${service.url}/readyz`);
      expect(response.status).toBe(503);
      expect(response.body.reason).toMatch(/^migrations not applied: \d{14}_init/);
    } finally {
      await service.stop();
      await database.drop();
    }
  });
});

describe('graceful shutdown', () => {
  it('stops taking requests, lets in-flight work finish, then closes the database', async () => {
    const database = await createTestDatabaseConfig();
    const service = await startService(testConfig(database.config), silentLogger);
    const events: string[] = [];
    const close = service.database.close;
    service.database.close = () => {
      events.push('database closed');
      return close();
    };
    let finishTurn!: () => void;
    service.inFlight.track(new Promise<void>((resolve) => (finishTurn = resolve)).then(() => events.push('turn finished')));

    const stopped = service.stop().then(() => events.push('stopped'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(fetch(`${service.url}/healthz`)).rejects.toThrow();
    expect(events).toEqual([]);

    finishTurn();
    await stopped;
    expect(events).toEqual(['turn finished', 'database closed', 'stopped']);
    await database.drop();
  });
});

describe('the privacy page the welcome links to', () => {
  it('is served in plain words, saying how to get and delete your data', async () => {
    const database = await createTestDatabaseConfig();
    const service = await startService(testConfig(database.config), silentLogger);
    try {
      const response = await request(`${service.url}/privacy`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(response.body).toMatch(/delete my data/);
      expect(response.body).toMatch(/send me my data/);
      expect(response.body).toMatch(/999/);
    } finally {
      await service.stop();
      await database.drop();
    }
  });
});
