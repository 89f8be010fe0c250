import path from 'node:path';
import type { Browser } from 'playwright-core';
import { silentLogger } from '../../src/lib/logger';
import { startService, type RunningService } from '../../src/start-service';
import { BROWSER_TEST_TIMEOUT_MS, describeInBrowser, launchBrowser, PHONE_VIEWPORT } from '../helpers/browser';
import { testConfig } from '../helpers/test-config';
import { createTestDatabaseConfig } from '../helpers/test-database';
import { freePort } from '../helpers/twilio-webhook';
import type { DatabaseConfig } from '../../src/config/load-config';

const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'screenshots', 'phone-simulator.png');

describeInBrowser('the phone simulator, with the whole service behind it', () => {
  let service: RunningService;
  let database: { config: DatabaseConfig; drop(): Promise<void> };
  let browser: Browser;

  beforeAll(async () => {
    database = await createTestDatabaseConfig();
    // No Twilio credentials: npm start's own set-up, with the simulator standing in for Twilio.
    const port = await freePort();
    service = await startService(testConfig(database.config, { SEED_DEMO_DATA: 'true', PORT: String(port), PUBLIC_BASE_URL: `http://localhost:${port}` }), silentLogger);
    browser = await launchBrowser();
  }, BROWSER_TEST_TIMEOUT_MS);
  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await database?.drop();
  });

  it('texts Lantern through the same inbound path as Twilio and shows the reply', async () => {
    const page = await browser.newPage({ viewport: PHONE_VIEWPORT });
    await page.goto(`${service.url}/dev/phone?phone=07700900801`);
    await page.getByLabel('Your text').fill('hello');
    await page.getByLabel('Your text').press('Enter');
    await page.locator('.from-lantern .bubble', { hasText: "I'm Lantern" }).waitFor({ timeout: 15_000 });
    await page.locator('.from-lantern .bubble', { hasText: 'What would you like me to call you?' }).waitFor({ timeout: 15_000 });

    // It went through the signed webhook, the bot, the outbox and the Twilio SDK: all of it is on record.
    const messages = await service.database.db.message.findMany({ where: { person: { phone: '+447700900801' } }, orderBy: { seq: 'asc' } });
    expect(messages[0]).toMatchObject({ direction: 'INBOUND', channel: 'SMS', body: 'hello', providerMessageId: expect.stringMatching(/^SM/) });
    expect(messages.slice(1).every((m) => m.direction === 'OUTBOUND' && m.providerMessageId?.startsWith('SM'))).toBe(true);
    await page.screenshot({ path: SCREENSHOT });
    await page.close();
  }, BROWSER_TEST_TIMEOUT_MS);
});
