import path from 'node:path';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { BROWSER_TEST_TIMEOUT_MS, describeInBrowser, launchBrowser, PHONE_VIEWPORT } from '../helpers/browser';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';
import { waitFor } from '../helpers/wait-for';

const SCREENSHOT = path.join(__dirname, '..', '..', 'docs', 'screenshots', 'practice-referrals.png');
const LIVE_MS = 20_000;

describeInBrowser(`A practice's referral in a real browser (Chromium) on ${testProvider}`, () => {
  jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let reception: Page;
  let person: Page;
  const problems: string[] = [];
  let phone: string;
  let link = '';

  // Opening the page asks "who am I?"; before signing in the answer is a 401, which Chromium logs.
  const expectedSignedOutCheck = (message: ConsoleMessage) => /status of 401/.test(message.text()) && message.location().url.endsWith('/api/auth/me');

  async function newPage(viewport: { width: number; height: number }) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-GB', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !expectedSignedOutCheck(message)) problems.push(`console error: ${message.text()}`);
    });
    return page;
  }

  beforeAll(async () => {
    sms = await startSmsService();
    browser = await launchBrowser();
    reception = await newPage({ width: 1280, height: 800 });
    phone = sms.nextPhone();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await sms?.stop();
  });

  it('signs practice staff in to the referral page, not the inbox', async () => {
    const demo = sms.service.demo!;
    await reception.goto(`${sms.service.url}/practice`);
    await reception.getByRole('heading', { name: 'Sign in to Lantern' }).waitFor({ timeout: LIVE_MS });
    await reception.getByLabel('Email').fill(demo.practiceStaff.email);
    await reception.getByLabel('Password', { exact: true }).fill(demo.practiceStaff.password);
    await reception.getByRole('button', { name: 'Sign in' }).click();
    await reception.getByRole('heading', { name: 'Invite someone to Lantern' }).waitFor({ timeout: LIVE_MS });
    expect(await reception.locator('#inbox-view').isHidden()).toBe(true);
    await reception.getByText('Demo Riverside Surgery', { exact: true }).first().waitFor();
    expect(await reception.locator('#practice-link').textContent()).toBe(`${sms.publicBaseUrl}/p/LNT001`);
  });

  it('asks for consent first, then sends the text, which reaches the phone', async () => {
    const national = `0${phone.slice(3, 7)} ${phone.slice(7)}`;
    await reception.getByLabel('Their mobile number').fill(national);
    await reception.getByLabel('First name (optional, for the greeting)').fill('Sam');
    await reception.getByLabel("What they'd like help with, in their words (optional, for their coach)").fill('wants to get out more');
    await reception.getByRole('button', { name: 'Send the text' }).click();
    await reception.getByText('Lantern only texts people who agreed to it.', { exact: false }).waitFor();
    expect(sms.sentTo(phone)).toEqual([]);
    await reception.getByLabel('They agreed to get a text from Lantern').check();
    await reception.getByRole('button', { name: 'Send the text' }).click();
    await reception.getByText('Sent. They will get the text in a moment.').waitFor({ timeout: LIVE_MS });
    await waitFor(async () => sms.sentTo(phone).length === 1, 'the referral text', LIVE_MS);
    const text = sms.sentTo(phone)[0]?.body ?? '';
    expect(text).toMatch(/^Hi Sam, Demo Riverside Surgery thought you'd like Lantern/);
    link = /(https?:\/\/\S+\/r\/[A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';
    expect(link).not.toBe('');
    await reception.locator('#referrals-list').getByText('Sent', { exact: true }).waitFor({ timeout: LIVE_MS });
    expect(await reception.locator('#referrals-list').textContent()).toContain(`•••• ${phone.slice(-3)}`);
  });

  it('takes the person from the link into web chat, where they say hello and the bot answers', async () => {
    person = await newPage(PHONE_VIEWPORT);
    await person.goto(link);
    expect(new URL(person.url()).pathname).toBe('/chat');
    const box = person.getByRole('textbox');
    await box.waitFor({ state: 'visible', timeout: LIVE_MS });
    // The invitation they were texted is there, so they know where this came from.
    await person.getByRole('feed').getByText(/Demo Riverside Surgery thought you['’]d like Lantern/).first().waitFor({ timeout: LIVE_MS });
    await box.fill('hello');
    await box.press('Enter');
    await person.getByRole('feed').getByText(/I['’]m Lantern/).first().waitFor({ timeout: LIVE_MS });
    // The code is used once: a reload resumes this chat at /chat.
    expect(new URL(person.url()).search).toBe('');
  });

  it("shows the practice the referral as replied, never what was said (and saves a screenshot)", async () => {
    await reception.reload();
    await reception.locator('#referrals-list').getByText('Replied', { exact: true }).waitFor({ timeout: LIVE_MS });
    expect(await reception.locator('#practice-view').textContent()).not.toContain('hello');
    await reception.getByText(/^Last 90 days: 1 sent\. Now: 1 replied\.$/).waitFor({ timeout: LIVE_MS });
    await reception.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('logged no page errors or policy violations', () => {
    expect(problems).toEqual([]);
  });
});
