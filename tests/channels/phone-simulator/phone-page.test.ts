import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { LANTERN, STATUS_CALLBACK, startSimulatorHarness, type SimulatorHarness } from './simulator-harness';

const CHROMIUM = '/usr/bin/chromium';
// Debian's chromium (apt-get install -y chromium); without it these tests cannot run here.
const withBrowser = fs.existsSync(CHROMIUM) ? describe : describe.skip;

withBrowser('the phone page in a browser', () => {
  let harness: SimulatorHarness;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    harness = await startSimulatorHarness({
      onText: async (params, self) => {
        await self.twilioClient.messages.create({ to: params.From!, from: LANTERN, body: `You said: ${params.Body}`, statusCallback: STATUS_CALLBACK });
      },
    });
    // Playwright gives each launch a fresh, temporary user-data dir of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });

  beforeEach(async () => {
    // Phone width: a small Android handset.
    page = await browser.newPage({ viewport: { width: 360, height: 640 } });
    problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  });
  afterEach(() => page?.close());

  it('texts Lantern with Enter and shows both sides of the conversation with delivery status', async () => {
    await page.goto(`${harness.url}/dev/phone?phone=07700900701`);
    await expect(page.locator('.banner').isVisible()).resolves.toBe(true);
    await expect(page.locator('.banner').textContent()).resolves.toBe('Phone simulator: texts here never leave this computer.');
    await page.getByRole('log', { name: 'Texts with Lantern' }).waitFor();
    await waitForValue(page, '#phone', '+447700900701');
    await expect(page.locator('#lantern-number').textContent()).resolves.toBe(LANTERN);

    await page.getByLabel('Your text').fill('hello 👋');
    await page.getByLabel('Your text').press('Enter');

    await page.locator('.to-lantern .bubble', { hasText: 'hello 👋' }).waitFor();
    await page.locator('.from-lantern .bubble', { hasText: 'You said: hello 👋' }).waitFor({ timeout: 5000 });
    await page.locator('.from-lantern .meta', { hasText: 'Delivered' }).waitFor({ timeout: 5000 });
    await expect(page.locator('.to-lantern .meta').textContent()).resolves.toMatch(/^Delivered · /);
    await expect(page.getByLabel('Your text').inputValue()).resolves.toBe('');
    expect(harness.inbound.filter((w) => w.params.From === '+447700900701').map((w) => w.params.Body)).toEqual(['hello 👋']);
    // Each text appears once, however many polls have passed.
    await page.waitForTimeout(1200);
    await expect(page.locator('#thread li').count()).resolves.toBe(2);
    expect(problems).toEqual([]);
  });

  it('starts a new line with Shift+Enter instead of sending', async () => {
    await page.goto(`${harness.url}/dev/phone?phone=07700900702`);
    const box = page.getByLabel('Your text');
    await box.fill('line one');
    await box.press('Shift+Enter');
    await box.pressSequentially('line two');

    await expect(box.inputValue()).resolves.toBe('line one\nline two');
    expect(harness.inbound.filter((w) => w.params.From === '+447700900702')).toEqual([]);

    await box.press('Enter');
    await page.locator('.from-lantern .bubble', { hasText: 'line two' }).waitFor({ timeout: 5000 });
    expect(harness.inbound.filter((w) => w.params.From === '+447700900702').map((w) => w.params.Body)).toEqual(['line one\nline two']);
  });

  it('switches phone, and explains a number that is not a phone', async () => {
    await page.goto(`${harness.url}/dev/phone?phone=07700900703`);
    const phone = page.getByLabel('Texting as');

    await phone.fill('12345');
    await phone.press('Enter');
    await page.getByRole('alert').waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/^phone: is not a phone number/);
    await expect(phone.getAttribute('aria-invalid')).resolves.toBe('true');

    await phone.fill('07700 900704');
    await page.getByRole('button', { name: 'Switch phone' }).click();
    await waitForValue(page, '#phone', '+447700900704');
    await expect(page.getByRole('alert').isHidden()).resolves.toBe(true);
    await expect(page.getByLabel('Your text').evaluate((el) => el === document.activeElement)).resolves.toBe(true);
  });

  it('fits a phone screen without sideways scrolling, even with a long unbroken text', async () => {
    await page.goto(`${harness.url}/dev/phone?phone=07700900705`);
    await page.getByLabel('Your text').fill('x'.repeat(300));
    await page.getByLabel('Your text').press('Enter');
    await page.locator('.from-lantern .bubble').waitFor({ timeout: 5000 });

    const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(widths.page).toBeLessThanOrEqual(widths.view);
    expect(problems).toEqual([]);
  });
});

async function waitForValue(page: Page, selector: string, value: string): Promise<void> {
  await page.waitForFunction(([s, v]) => (document.querySelector(s) as HTMLInputElement | null)?.value === v, [selector, value] as const, { timeout: 5000 });
}
