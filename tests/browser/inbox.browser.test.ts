import path from 'node:path';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { messages } from '../../dialogs/messages';
import { createStaff } from '../../src/domain/staff/create-staff';
import { silentLogger } from '../../src/lib/logger';
import { BROWSER_TEST_TIMEOUT_MS, describeInBrowser, launchBrowser, PHONE_VIEWPORT } from '../helpers/browser';
import { LANTERN, startSmsService } from '../helpers/sms-service';
import { testConfig } from '../helpers/test-config';
import { testProvider } from '../helpers/test-database';
import { postSignedForm } from '../helpers/twilio-webhook';
import { waitFor } from '../helpers/wait-for';

const SCREENSHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const LAPTOP = { width: 1280, height: 800 };
const LIVE_MS = 20_000;

describeInBrowser(`The coach inbox in a real browser (Chromium) on ${testProvider}`, () => {
  jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let coach: Page;
  let coachOnTablet: Page;
  let chat: Page;
  const problems: string[] = [];
  let jo: string;
  let alex: string;
  let chris: string;

  /** A page that fails the test (at the end) on any script error, console error or CSP refusal. */
  async function newPage(viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale: 'en-GB', timezoneId: 'Europe/London' });
    contexts.push(context);
    const page = await context.newPage();
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP refused ${event.blockedURI || 'inline'} (${event.violatedDirective})`);
      });
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !expectedSignedOutCheck(message)) problems.push(`console error: ${message.text()} at ${message.location().url}`);
    });
    return page;
  }

  // Opening the inbox asks "who am I?"; before signing in the answer is a 401, which Chromium logs.
  const expectedSignedOutCheck = (message: ConsoleMessage) => /status of 401/.test(message.text()) && message.location().url.endsWith('/api/auth/me');

  const queueRow = (name: RegExp) => coach.locator('#queue-list').getByRole('link', { name });
  const tab = (name: string) => coach.getByRole('tab', { name: new RegExp(`^${name}`) });
  const timeline = () => coach.locator('#timeline');
  const personHeading = (name: string) => coach.getByRole('heading', { level: 2, name, exact: true });
  const textsTo = (phone: string) => sms.sentTo(phone).map((m) => m.body);

  async function signIn(page: Page, email: string, password: string) {
    await page.goto(`${sms.service.url}/inbox`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** The first-time password change, through the form. */
  async function choosePassword(page: Page, current: string, chosen: string) {
    await page.getByLabel('The password you signed in with').fill(current);
    await page.getByLabel('New password', { exact: true }).fill(chosen);
    await page.getByLabel('New password again').fill(chosen);
    await page.getByRole('button', { name: 'Save my new password' }).click();
  }

  async function textIn(phone: string, ...texts: string[]) {
    for (const text of texts) {
      await sms.say(phone, text);
      await sms.settle();
    }
  }

  beforeAll(async () => {
    sms = await startSmsService();
    browser = await launchBrowser();
    coach = await newPage(LAPTOP);
    jo = sms.nextPhone();
    alex = sms.nextPhone();
    chris = sms.nextPhone();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await sms?.stop();
  });

  it('serves one page for the inbox and its deep links, with a strict Content-Security-Policy', async () => {
    for (const address of ['/inbox', '/inbox/', '/inbox/people/3f6c1a0e-8a8e-4a8e-9f55-2b1f3c4d5e6f']) {
      const response = await fetch(`${sms.service.url}${address}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const policy = response.headers.get('content-security-policy') ?? '';
      for (const directive of ["script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'"]) {
        expect(policy).toContain(directive);
      }
      expect(policy).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.text()).toContain('<script type="module" src="/inbox/assets/app.js"></script>');
    }
    const script = await fetch(`${sms.service.url}/inbox/assets/app.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const again = await fetch(`${sms.service.url}/inbox/assets/app.js`, { headers: { 'If-None-Match': script.headers.get('etag') ?? '' } });
    expect(again.status).toBe(304);
    expect((await fetch(`${sms.service.url}/inbox/assets/nothing-here.js`)).status).toBe(404);
    expect((await fetch(`${sms.service.url}/inbox/assets/..%2F..%2Findex.ts`)).status).toBe(404);
  });

  it('signs the demo coach in and opens on Waiting', async () => {
    const demo = sms.service.demo;
    if (!demo) throw new Error('The demo coach was not seeded');
    await signIn(coach, demo.coach.email, demo.coach.password);
    // The demo coach's password is set by the seed; were it a one-time one, it is changed as a coach would.
    const mustChoose = coach.getByRole('heading', { name: 'Choose your own password' });
    await tab('Waiting').or(mustChoose).waitFor({ timeout: LIVE_MS });
    if (await mustChoose.isVisible()) await choosePassword(coach, demo.coach.password, 'kettle lantern meadow sparrow');
    await tab('Waiting').waitFor({ timeout: LIVE_MS });
    expect(await tab('Waiting').getAttribute('aria-selected')).toBe('true');
    await coach.getByText('Signed in as Demo Coach').waitFor();
    await coach.getByText('Nobody is waiting for a coach right now.').waitFor();
    await coach.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: LIVE_MS });
  });

  it('shows people who ask for a coach in Waiting as they ask, without a reload', async () => {
    await coach.evaluate(() => Object.assign(window, { stillTheSamePage: true }));
    await textIn(alex, 'hello', 'call me Alex', 'real person please');
    await queueRow(/^Alex\b/).waitFor({ timeout: LIVE_MS });

    await textIn(jo, 'hello', 'call me Jo', 'I love gardening', 'bit tired today, about a 6 out of 10', 'my granddaughter visits on sundays');
    await sms.say(jo, 'can I talk to a real person');
    await queueRow(/^Jo\b/).waitFor({ timeout: LIVE_MS });
    await sms.settle();

    // The row appears when the text is stored and changes again, live, once the bot's reply is committed.
    await waitFor(async () => ((await queueRow(/^Jo\b/).textContent()) ?? '').includes("Reply: I've asked a coach"), "the bot's reply in Jo's row", LIVE_MS);
    const row = await queueRow(/^Jo\b/).textContent();
    expect(row).toContain('SMS');
    expect(row).toMatch(/under a minute|\d+ min/);
    await waitFor(async () => (await tab('Waiting').textContent()) === 'Waiting, 2', 'the Waiting count', LIVE_MS);
    expect(await coach.title()).toBe('(2) Waiting · Lantern inbox');
    await coach.locator('#announcer').getByText('Jo is waiting for a coach.').waitFor({ state: 'attached', timeout: LIVE_MS });
    expect(await coach.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
  });

  it('puts someone flagged urgent at the top of Waiting as it happens', async () => {
    await textIn(chris, 'hello', 'call me Chris', 'honestly everyone would be better off without me');
    await queueRow(/^Chris\b/).getByText('Urgent', { exact: true }).waitFor({ timeout: LIVE_MS });
    await coach.locator('#announcer').getByText('Urgent: Chris may need a coach now.').waitFor({ state: 'attached', timeout: LIVE_MS });
    const names = await coach.locator('#queue-list .row-name').allTextContents();
    expect(names).toEqual(['Chris', 'Alex', 'Jo']);
    expect(await coach.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
    await coach.waitForTimeout(300);
    await coach.screenshot({ path: path.join(SCREENSHOTS, 'inbox-queue.png') });
  });

  it('opens Jo, claims, and replies with Ctrl+Enter; the reply reaches Twilio', async () => {
    await queueRow(/^Jo\b/).click();
    await personHeading('Jo').waitFor();
    expect(new URL(coach.url()).pathname).toMatch(/^\/inbox\/people\/[0-9a-f-]{36}$/);
    await timeline().getByText('can I talk to a real person').waitFor();
    await timeline().getByText('Lantern (bot)').first().waitFor();
    await coach.locator('#what-matters-body').getByRole('heading', { name: 'Passions and interests' }).waitFor();
    await coach.locator('#what-matters-body').getByRole('heading', { name: 'Relationships' }).waitFor();
    await coach.getByRole('img', { name: /Check-in scores out of 10\. One score, on .*: 6 out of 10\./ }).waitFor();

    const asked = coach.locator('#person-side').getByRole('region', { name: 'Asked for a coach' });
    await asked.getByText(/No reply from a coach yet: waiting/).waitFor();
    expect(await asked.locator('.handoff-summary').textContent()).toMatch(/\S/);

    await coach.getByRole('button', { name: 'Claim', exact: true }).click();
    await coach.getByText('Jo is with you now.', { exact: false }).waitFor();
    await coach.getByRole('button', { name: 'Claim', exact: true }).waitFor({ state: 'hidden' });
    await waitFor(async () => (await tab('Mine').textContent()) === 'Mine, 1', 'Jo to be counted in Mine', LIVE_MS);

    const reply = "Hi Jo, I'm Sam, one of the coaches. How are you doing today?";
    const box = coach.getByLabel('Reply to Jo (by SMS)');
    await box.fill(reply);
    await coach.getByText('of 1600 characters, 1 text').waitFor();
    await box.press('Control+Enter');
    await waitFor(async () => textsTo(jo).includes(reply), 'the reply to reach the Twilio API', LIVE_MS);
    await waitFor(async () => (await box.inputValue()) === '', 'the reply box to clear', LIVE_MS);
    const sent = timeline().locator('.message.from-coach').filter({ hasText: reply });
    await sent.getByText('You (Demo Coach)').waitFor();
    await sent.locator('.message-status').getByText(/^Delivery: (Queued|Sending|Sent)$/).waitFor({ timeout: LIVE_MS });
    // Twilio reports delivery a moment later: the status changes in place.
    const sid = sms.sentTo(jo).find((m) => m.body === reply)?.sid ?? '';
    const report = await postSignedForm(`${sms.publicBaseUrl}/api/sms/status`, { MessageSid: sid, MessageStatus: 'delivered', AccountSid: sms.twilioApi.accountSid, To: jo, From: LANTERN }, { authToken: sms.twilioApi.authToken });
    expect(report.status).toBe(200);
    await sent.locator('.message-status').getByText('Delivery: Delivered', { exact: true }).waitFor({ timeout: LIVE_MS });
    await asked.getByText(/First reply from a coach after (under a minute|\d+ min) \(Demo Coach\)\./).waitFor({ timeout: LIVE_MS });

    // The whole record downloads as JSON, for a request for their data.
    const [download] = await Promise.all([coach.waitForEvent('download'), coach.getByRole('link', { name: 'Download everything held about them' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^lantern-person-[0-9a-f-]{36}\.json$/);
    // Waiting says how long first replies have lately taken (Jo stays open beside it).
    await tab('Mine').click();
    await tab('Waiting').click();
    await coach.getByText(/^Last 7 days: first replies came after .* \(median\)/).waitFor({ timeout: LIVE_MS });
    await personHeading('Jo').waitFor();
  });

  it('shows someone on web chat in Waiting as they ask; the coach replies and it appears in their chat', async () => {
    chat = await newPage(PHONE_VIEWPORT);
    await chat.goto(`${sms.service.url}/chat`);
    const chatBox = chat.getByRole('textbox');
    await chatBox.waitFor({ state: 'visible', timeout: LIVE_MS });
    await chatBox.fill('can I talk to someone please');
    await chatBox.press('Enter');
    await queueRow(/^Someone new \(Web chat\)/).waitFor({ timeout: LIVE_MS });
    await tab('Waiting').click();
    await queueRow(/^Alex\b/).waitFor();

    await queueRow(/^Someone new \(Web chat\)/).click();
    await personHeading('Someone new (Web chat)').waitFor();
    await coach.getByRole('button', { name: 'Claim', exact: true }).click();
    await coach.getByRole('button', { name: 'Claim', exact: true }).waitFor({ state: 'hidden' });
    const reply = "Hi, I'm Sam, one of the coaches. What would you like to talk about?";
    await coach.getByLabel('Reply (by Web chat)').fill(reply);
    await coach.getByRole('button', { name: 'Send' }).click();
    // Web Chat sets apostrophes typographically.
    await chat.getByRole('feed').getByText(/I['’]m Sam, one of the coaches\. What would you like to talk about\?/).first().waitFor({ timeout: LIVE_MS });
  });

  it('resolves an urgent flag with a note of what was done', async () => {
    await queueRow(/^Chris\b/).click();
    await personHeading('Chris').waitFor();
    const flags = coach.getByRole('region', { name: 'Urgent' });
    await flags.getByText(/Something they wrote suggested they may be at risk/).waitFor();
    await flags.getByRole('button', { name: 'Resolve' }).click();
    await flags.getByText('Say what was done, for whoever reads this next.').waitFor();
    await flags.getByLabel('What was done (needed to resolve)').fill('Rang Chris straight away; talked it through; Chris has the Samaritans number and we speak again tomorrow.');
    await flags.getByRole('button', { name: 'Resolve' }).click();
    await coach.getByRole('region', { name: 'Urgent flags (resolved)' }).waitFor({ timeout: LIVE_MS });
    await queueRow(/^Chris\b/).waitFor();
    await waitFor(async () => (await queueRow(/^Chris\b/).getByText('Urgent', { exact: true }).count()) === 0, 'the Urgent badge to go', LIVE_MS);
  });

  it('keeps a private note on Jo (and saves a screenshot of the conversation)', async () => {
    await tab('Mine').click();
    await queueRow(/^Jo\b/).click();
    await personHeading('Jo').waitFor();
    const note = 'Loves gardening. Ask about the community garden on Tuesdays at St Marks.';
    await coach.getByLabel('Add a note (only coaches see it)').fill(note);
    await coach.getByRole('button', { name: 'Add note' }).click();
    await coach.locator('#notes-list').getByText(note).waitFor({ timeout: LIVE_MS });
    expect(await coach.getByLabel('Add a note (only coaches see it)').inputValue()).toBe('');
    await coach.getByLabel('Reply to Jo (by SMS)').focus();
    await coach.waitForTimeout(300);
    await coach.screenshot({ path: path.join(SCREENSHOTS, 'inbox-conversation.png') });
  });

  it('inserts and edits saved replies, kept in this browser', async () => {
    const box = coach.getByLabel('Reply to Jo (by SMS)');
    await coach.getByText('Saved replies').click();
    await coach.getByRole('button', { name: /^Insert “Hi \{name\}, I'm \{me\}/ }).click();
    expect(await box.inputValue()).toBe("Hi Jo, I'm Demo Coach, one of the coaches. Thanks for getting in touch. How are things with you today?");
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
    await box.fill('');
    await coach.getByRole('button', { name: /^Edit “No rush at all/ }).click();
    await coach.getByLabel('Edit this saved reply').fill('No rush at all, {name}. Text me whenever suits you.');
    await coach.getByRole('button', { name: 'Save', exact: true }).click();
    await coach.getByRole('button', { name: /^Insert “No rush at all, \{name\}\. Text me/ }).click();
    expect(await box.inputValue()).toBe('No rush at all, Jo. Text me whenever suits you.');
    const stored = JSON.parse((await coach.evaluate(() => localStorage.getItem('lantern.inbox.savedReplies'))) ?? '[]') as string[];
    expect(stored).toContain('No rush at all, {name}. Text me whenever suits you.');
    await box.fill('');
    await coach.getByText('Saved replies').click();
  });

  it("sets Jo's check-ins to Tuesdays, never at weekends, and Jo is told", async () => {
    const side = coach.locator('#person-side');
    await side.getByText('Change check-ins…').click();
    await side.getByLabel('Lantern checks in').selectOption('WEEKLY');
    await side.getByLabel('On', { exact: true }).selectOption('2');
    await side.getByLabel('Saturday').check();
    await side.getByLabel('Sunday').check();
    await side.getByRole('button', { name: 'Save check-ins' }).click();
    await side.getByText('Check-ins saved: Every week, on Tuesdays. They have been told.').waitFor({ timeout: LIVE_MS });
    await waitFor(async () => textsTo(jo).some((t) => /once a week on Tuesdays, never on Saturdays and Sundays/.test(t)), 'the check-in text', LIVE_MS);
    await side.locator('#about-body').getByText('Saturdays, Sundays').waitFor({ timeout: LIVE_MS });
    await side.locator('#about-body').getByText(/^Every week, on Tuesdays; next Tuesday/).waitFor({ timeout: LIVE_MS });
  });

  it('pauses Jo until a date two weeks ahead, and Jo is told', async () => {
    const until = await coach.evaluate(() => {
      const date = new Date();
      date.setDate(date.getDate() + 14);
      return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    });
    await coach.getByText('Pause support…').click();
    await coach.getByLabel('Pause until').fill(until);
    await coach.getByRole('button', { name: 'Pause until this date' }).click();
    await coach.getByText(/Support for Jo is paused until .+\. They have been told\./).waitFor({ timeout: LIVE_MS });
    await waitFor(async () => textsTo(jo).find((text) => text.startsWith("As agreed with your coach, I'll leave you be until ")), 'the pause text', LIVE_MS);
    await coach.locator('#person-badges').getByText(/^Paused until /).waitFor({ timeout: LIVE_MS });
    await coach.getByRole('button', { name: 'Resume support' }).waitFor();
  });

  it('hands Jo back to the bot after asking first, and Jo is told', async () => {
    await coach.getByRole('button', { name: 'Hand back to the bot' }).click();
    const dialog = coach.getByRole('dialog', { name: 'Hand Jo back to the bot?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(textsTo(jo)).not.toContain(messages.handedBack());

    await coach.getByRole('button', { name: 'Hand back to the bot' }).click();
    await dialog.getByRole('button', { name: 'Hand back' }).click();
    await coach.getByText('Jo is back with the bot, and has been told.').waitFor({ timeout: LIVE_MS });
    await waitFor(async () => textsTo(jo).includes(messages.handedBack()), 'the hand-back text', LIVE_MS);
    await coach.getByRole('button', { name: 'Hand back to the bot' }).waitFor({ state: 'hidden', timeout: LIVE_MS });
    await coach.getByText(/With the bot/).first().waitFor({ timeout: LIVE_MS });
  });

  it('signs out, leaving nothing personal on the page', async () => {
    await coach.getByRole('button', { name: 'Sign out', exact: true }).click();
    await coach.getByRole('heading', { name: 'Sign in to the inbox' }).waitFor({ timeout: LIVE_MS });
    await coach.getByText('You are signed out.').waitFor();
    expect(await coach.locator('#queue-list').textContent()).toBe('');
    expect(await coach.locator('#timeline').textContent()).toBe('');
  });

  it('makes someone with a one-time password choose their own before anything else', async () => {
    const organisation = await sms.db().organisation.findFirstOrThrow();
    const { oneTimePassword } = await createStaff(sms.db(), { organisationId: organisation.id, email: 'new.coach@demo.lantern.test', displayName: 'Sam Okafor', role: 'COACH' });
    const page = (coachOnTablet = await newPage({ width: 768, height: 1024 }));
    await signIn(page, 'new.coach@demo.lantern.test', oneTimePassword ?? '');
    await page.getByRole('heading', { name: 'Choose your own password' }).waitFor({ timeout: LIVE_MS });
    expect(await page.locator('#inbox-view').isHidden()).toBe(true);
    await choosePassword(page, oneTimePassword ?? '', 'password123');
    await page.getByText('This is one of the most commonly used passwords', { exact: false }).waitFor({ timeout: LIVE_MS });
    // The refusal is a 400, which Chromium logs: expected here, and only here.
    const refused = problems.findIndex((problem) => /status of 400 .*\/api\/auth\/password$/.test(problem));
    expect(refused).toBeGreaterThanOrEqual(0);
    problems.splice(refused, 1);
    await choosePassword(page, oneTimePassword ?? '', 'kettle lantern meadow sparrow');
    await page.getByRole('tab', { name: /^Waiting/ }).waitFor({ timeout: LIVE_MS });
    await page.getByText('Signed in as Sam Okafor').waitFor();
  });

  it('works from the keyboard on a tablet: tabs with arrow keys, search in Everyone, and back to the queue', async () => {
    const page = coachOnTablet;
    const waiting = page.getByRole('tab', { name: /^Waiting/ });
    await waiting.focus();
    await page.keyboard.press('ArrowLeft');
    const everyone = page.getByRole('tab', { name: 'Everyone' });
    expect(await everyone.getAttribute('aria-selected')).toBe('true');
    expect(await everyone.evaluate((element) => element === document.activeElement)).toBe(true);
    const rows = page.locator('#queue-list .row-name');
    await waitFor(async () => (await rows.count()) === 4, 'everyone to be listed', LIVE_MS);
    await page.getByLabel('Search by name or phone').fill('chr');
    await waitFor(async () => JSON.stringify(await rows.allTextContents()) === '["Chris"]', 'the search to find Chris', LIVE_MS);
    await page.getByLabel('Search by name or phone').fill(jo);
    await waitFor(async () => JSON.stringify(await rows.allTextContents()) === '["Jo"]', "the search to find Jo's number", LIVE_MS);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 2, name: 'Jo', exact: true }).waitFor({ timeout: LIVE_MS });
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('person-heading');
    // On a tablet the conversation takes the queue's place, with a way back.
    expect(await page.locator('#queues').isHidden()).toBe(true);
    await page.getByRole('link', { name: 'Back to the queue' }).click();
    await page.getByLabel('Search by name or phone').waitFor();
    expect(new URL(page.url()).search).toBe(`?queue=everyone&search=${encodeURIComponent(jo)}`);
  });

  it('logged no page errors or policy violations', () => {
    expect(problems).toEqual([]);
  });
});
