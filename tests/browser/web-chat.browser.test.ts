import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DatabaseConfig } from '../../src/config/load-config';
import { silentLogger } from '../../src/lib/logger';
import { startService, type RunningService } from '../../src/start-service';
import { BROWSER_TEST_TIMEOUT_MS, describeInBrowser, launchBrowser, PHONE_VIEWPORT } from '../helpers/browser';
import { createTestDatabaseConfig, testProvider } from '../helpers/test-database';
import { testConfig } from '../helpers/test-config';
import { freePort } from '../helpers/twilio-webhook';
import { waitFor } from '../helpers/wait-for';

const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'screenshots', 'web-chat.png');

describeInBrowser(`Web chat in a real browser (Chromium) on ${testProvider}`, () => {
  jest.setTimeout(BROWSER_TEST_TIMEOUT_MS);

  let database: { config: DatabaseConfig; drop(): Promise<void> };
  let service: RunningService;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  // Real time that the test can move on, as if a laptop had been asleep.
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };

  beforeAll(async () => {
    database = await createTestDatabaseConfig();
    // A real public address, so the privacy link in the welcome is one a person could follow.
    const port = await freePort();
    service = await startService(
      testConfig(database.config, { SEED_DEMO_DATA: 'true', PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }),
      silentLogger,
      { clock },
    );
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: PHONE_VIEWPORT, deviceScaleFactor: 1, locale: 'en-GB' });
    page = await context.newPage();
    // Anything the page or the Content-Security-Policy complains about fails the test at the end.
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await service?.stop();
    await database?.drop();
  });

  /** Web Chat's transcript: one article per message. */
  const transcript = () => page.getByRole('feed');
  const storedChat = async () => JSON.parse((await page.evaluate(() => localStorage.getItem('lantern.webChat'))) ?? 'null') as { conversationId: string } | null;

  it('serves an accessible page that loads everything from Lantern itself', async () => {
    const response = await page.goto(`${service.url}/chat?ref=GP-TEST-1`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(await page.getAttribute('html', 'lang')).toBe('en-GB');
    await expect(page.getByRole('heading', { level: 1, name: 'Lantern' }).isVisible()).resolves.toBe(true);
    expect(await page.getByRole('link', { name: 'How we use your information' }).getAttribute('href')).toBe('/privacy');
    await expect(page.getByRole('button', { name: 'Start again on this device' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('region', { name: 'Your conversation with Lantern' }).isVisible()).resolves.toBe(true);
    const scripts = await page.evaluate(() => [...document.scripts].map((script) => script.src || 'inline'));
    expect(scripts).toEqual([`${service.url}/chat/webchat.js`, `${service.url}/chat/app.js`]);
  });

  it('sends a message with Enter and shows the bot’s welcome', async () => {
    const box = page.getByRole('textbox');
    await box.waitFor({ state: 'visible', timeout: 20_000 });
    await box.fill('Hello, a friend told me about this');
    await box.press('Enter');
    await transcript().getByText('Hello, a friend told me about this').first().waitFor({ timeout: 20_000 });
    await transcript().getByText(/I['’]m Lantern/).first().waitFor({ timeout: 20_000 });
    const stored = await storedChat();
    expect(stored?.conversationId).toEqual(expect.any(String));
    const address = await service.database.db.channelAddress.findUnique({
      where: { channel_address: { channel: 'WEB_CHAT', address: stored?.conversationId ?? '' } },
      include: { person: { include: { messages: { orderBy: { seq: 'asc' } } } } },
    });
    expect(address?.person.messages.map((m) => m.body)[0]).toBe('Hello, a friend told me about this');
  });

  it('shows the same conversation after a reload', async () => {
    const before = await storedChat();
    await page.reload();
    await transcript().getByText('Hello, a friend told me about this').first().waitFor({ timeout: 20_000 });
    await transcript().getByText(/I['’]m Lantern/).first().waitFor({ timeout: 20_000 });
    expect((await storedChat())?.conversationId).toBe(before?.conversationId);
    // History is replayed once, not twice.
    expect(await transcript().getByText('Hello, a friend told me about this', { exact: true }).count()).toBe(1);
  });

  it("shows a coach's message as it arrives, without a reload, and saves a screenshot", async () => {
    const stored = await storedChat();
    const address = await service.database.db.channelAddress.findUniqueOrThrow({
      where: { channel_address: { channel: 'WEB_CHAT', address: stored?.conversationId ?? '' } },
    });
    await service.runtime.sendToPerson({
      personId: address.personId,
      text: "Hi, I'm Sam, one of the coaches. Would you like a chat this week?",
      sender: { author: 'COACH' },
    });
    await transcript().getByText(/I['’]m Sam, one of the coaches/).first().waitFor({ timeout: 20_000 });
    await expect(transcript().getByText('Your coach:').first().isVisible()).resolves.toBe(true);
    await page.getByRole('textbox').focus();
    await page.waitForTimeout(300);
    await page.screenshot({ path: SCREENSHOT });
  });

  it('after two hours asleep, keeps the conversation and puts words that did not get through back in the box', async () => {
    const before = await storedChat();
    offset += 2 * 60 * 60 * 1000;
    const box = page.getByRole('textbox');
    await box.fill('Sorry, I dozed off');
    await box.press('Enter');
    await page.getByText('Your last message did not reach Lantern', { exact: false }).waitFor({ timeout: 20_000 });
    await waitFor(async () => (await box.inputValue()) === 'Sorry, I dozed off', 'the words to come back', 20_000);
    expect((await storedChat())?.conversationId).toBe(before?.conversationId);
    await transcript().getByText(/I['’]m Sam, one of the coaches/).first().waitFor({ timeout: 20_000 });
    await box.press('Enter');
    await transcript().getByText('Sorry, I dozed off', { exact: true }).first().waitFor({ timeout: 20_000 });
    await waitFor(async () => (await page.locator('#chat-status').textContent()) === '', 'the note to clear', 20_000);
    // The refused post logged a 403 in the console: expected here, and only here.
    const expected = problems.filter((problem) => /403|Failed to post activity/.test(problem));
    expect(expected.length).toBeGreaterThan(0);
    problems.splice(0, problems.length, ...problems.filter((problem) => !expected.includes(problem)));
  });

  it('starts a new conversation on this device when asked', async () => {
    const before = await storedChat();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Start again on this device' }).click();
    await waitFor(async () => {
      const now = await storedChat().catch(() => null);
      return now && now.conversationId !== before?.conversationId;
    }, 'a new conversation', 20_000);
    await page.getByRole('textbox').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await transcript().getByText('Hello, a friend told me about this').count()).toBe(0);
  });

  it('logged no page errors or policy violations', () => {
    expect(problems).toEqual([]);
  });
});
