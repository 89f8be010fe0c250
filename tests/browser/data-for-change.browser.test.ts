import path from 'node:path';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import type { Category } from '../../src/domain/assets/asset-input';
import { BROWSER_TEST_TIMEOUT_MS, describeInBrowser, launchBrowser } from '../helpers/browser';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';
import { waitFor } from '../helpers/wait-for';

const SCREENSHOTS = path.join(__dirname, '..', '..', 'docs', 'screenshots');
const LIVE_MS = 20_000;
const CSV = [
  'name,description,categories,area,schedule,cost,last_verified',
  'Harpurhey Walking Group,Gentle walks from the library,Leisure;Passions and interests,M9,Tuesdays 10am,Free,2026-11-01',
  'Blackley Food Club,Low-cost food and a cuppa,Money;Health,Blackley,Saturdays,£3.50,2026-10-20',
  'Broken row,,Nonsense,M9,,,',
].join('\n');

describeInBrowser(`The community directory and neighbourhood report in a real browser (Chromium) on ${testProvider}`, () => {
  jest.setTimeout(BROWSER_TEST_TIMEOUT_MS * 2);

  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let browser: Browser;
  let context: BrowserContext;
  let coach: Page;
  const problems: string[] = [];
  const expected = (message: ConsoleMessage) => /status of 401/.test(message.text()) && message.location().url.endsWith('/api/auth/me');

  /** Seeded people: `count` people in `area` for whom `category` matters. */
  async function seedPeople(area: string | null, count: number, category: Category) {
    const organisation = await sms.db().organisation.findFirstOrThrow();
    for (let i = 0; i < count; i++) {
      const person = await sms.db().person.create({ data: { organisationId: organisation.id, area } });
      await sms.db().whatMattersItem.create({ data: { personId: person.id, category, text: 'seeded' } });
    }
  }

  beforeAll(async () => {
    sms = await startSmsService();
    await seedPeople('M9', 14, 'LEISURE');
    await seedPeople('M9', 12, 'HOUSING');
    await seedPeople('Blackley', 11, 'MONEY');
    await seedPeople('Blackley', 3, 'HOUSING');
    await seedPeople('M9', 15, 'MONEY');
    // Twelve people who answered the wellbeing questions twice: life satisfaction 4 → 7 and so on.
    const organisation = await sms.db().organisation.findFirstOrThrow();
    for (let i = 0; i < 12; i++) {
      const person = await sms.db().person.create({ data: { organisationId: organisation.id } });
      for (const [daysAgo, score] of [[60, 4 + (i % 2)], [5, 7 + (i % 2)]] as const) {
        const at = new Date(Date.now() - daysAgo * 86_400_000);
        await sms.db().wellbeingAnswers.create({ data: { personId: person.id, lifeSatisfaction: score, worthwhile: score, happiness: score - 1, anxiety: 9 - score, startedAt: at, completedAt: at } });
      }
    }
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'en-GB' });
    coach = await context.newPage();
    coach.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    coach.on('console', (message) => {
      if (message.type() === 'error' && !expected(message)) problems.push(`console error: ${message.text()}`);
    });
    const demo = sms.service.demo!;
    await coach.goto(`${sms.service.url}/inbox/directory`);
    await coach.getByLabel('Email').fill(demo.coach.email);
    await coach.getByLabel('Password', { exact: true }).fill(demo.coach.password);
    await coach.getByRole('button', { name: 'Sign in' }).click();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await sms?.stop();
  });

  it('imports a CSV into the directory, keeping good rows and listing the bad one by line', async () => {
    await coach.getByRole('heading', { name: 'Community directory' }).waitFor({ timeout: LIVE_MS });
    expect(await coach.getByRole('link', { name: 'Community directory' }).getAttribute('aria-current')).toBe('page');
    await coach.getByText('Import or export (CSV)').click();
    await coach.getByLabel('CSV file').setInputFiles({ name: 'assets.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await coach.getByRole('button', { name: 'Import' }).click();
    await coach.getByText('2 added, 0 updated, 1 not imported:').waitFor({ timeout: LIVE_MS });
    await coach.getByText('Line 4: categories: "NONSENSE" is not a category').waitFor();
    await coach.locator('#directory-list').getByRole('rowheader', { name: /Harpurhey Walking Group/ }).waitFor({ timeout: LIVE_MS });
  });

  it('adds an asset by hand, with its categories', async () => {
    await coach.getByText('Add a group, activity or service').click();
    await coach.getByLabel('Name', { exact: true }).fill('Moston Men in Sheds');
    await coach.getByLabel('Shared-interest groups').check();
    await coach.getByLabel('Area (postcode district like M9, or a neighbourhood)').fill('M40');
    await coach.getByLabel('When', { exact: true }).fill('Wednesdays');
    await coach.getByRole('button', { name: 'Save' }).click();
    await coach.locator('#directory-list').getByRole('rowheader', { name: /Moston Men in Sheds/ }).waitFor({ timeout: LIVE_MS });
    await coach.screenshot({ path: path.join(SCREENSHOTS, 'community-directory.png') });
  });

  it('connects a person to a walking group from what matters to them, in their area', async () => {
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    await sms.say(phone, 'I love walking');
    await sms.settle();
    const person = await sms.db().person.findFirstOrThrow({ where: { phone } });
    await coach.goto(`${sms.service.url}/inbox/people/${person.id}?queue=everyone`);
    await coach.getByRole('button', { name: 'Find something nearby for I love walking' }).click();
    await coach.getByLabel('Their area, if they are happy to say (postcode district or neighbourhood)').fill('M9 4AB');
    await coach.getByRole('button', { name: 'Save area' }).click();
    await coach.getByRole('button', { name: 'Suggest Harpurhey Walking Group' }).click({ timeout: LIVE_MS });
    await coach.getByText('Noted: Harpurhey Walking Group suggested.', { exact: false }).waitFor({ timeout: LIVE_MS });
    await coach.getByLabel('How it went with Harpurhey Walking Group').selectOption('STUCK_WITH_IT');
    await waitFor(async () => (await sms.db().connection.findFirst({ where: { personId: person.id } }))?.status === 'STUCK_WITH_IT', 'the connection to be recorded', LIVE_MS);

    await coach.getByText("Record something that didn't work").click();
    await coach.getByLabel('The service or group').fill('Housing options');
    await coach.getByLabel('What got in the way').selectOption('REFUSED');
    await coach.getByLabel('A short note (coaches only)').fill('Told to come back in six months');
    await coach.getByRole('button', { name: 'Record it' }).click();
    await coach.getByText("Noted what didn't work with Housing options.", { exact: false }).waitFor({ timeout: LIVE_MS });
    expect(await sms.db().whatDidntWork.count({ where: { personId: person.id, barrier: 'REFUSED', serviceName: 'Housing options' } })).toBe(1);
  });

  it('shows the neighbourhood report with gaps and small counts suppressed (and saves a screenshot)', async () => {
    await coach.getByRole('link', { name: 'Neighbourhood report' }).click();
    await coach.getByRole('heading', { name: 'Neighbourhood report' }).waitFor({ timeout: LIVE_MS });
    const table = coach.locator('#report-table');
    await table.getByRole('rowheader', { name: 'M9' }).waitFor({ timeout: LIVE_MS });
    const text = await table.textContent();
    expect(text).toContain('<10');
    // Nobody's words in the report.
    expect(await coach.locator('#report-view').textContent()).not.toMatch(/seeded|walking/i);
    await coach.locator('#report-gaps').getByText('M9: Housing').waitFor();
    await coach.locator('#report-gaps').getByText('M9: Money').waitFor();
    expect(await coach.locator('#report-chart svg').getAttribute('role')).toBe('img');
    await coach.screenshot({ path: path.join(SCREENSHOTS, 'neighbourhood-report.png'), fullPage: true });
  });

  it('shows the wellbeing outcomes chart for the cohort, and what did not work (and saves a screenshot)', async () => {
    await coach.getByText(/^12 people answered the wellbeing questions at least twice/).waitFor({ timeout: LIVE_MS });
    // Life satisfaction: half went 4 → 7, half 5 → 8: means 4.5 and 7.5.
    await coach.locator('#outcomes-caption').getByText(/Satisfied with life: 12 people, from 4\.5 to 7\.5 on average \(12 better, 0 the same, 0 worse\)/).waitFor();
    await coach.locator('#learning-table').getByRole('rowheader', { name: /Housing options|Other services/ }).waitFor({ timeout: LIVE_MS });
    expect(await coach.locator('#learning-table').textContent()).not.toContain('six months');
    await coach.locator('#outcomes-heading').scrollIntoViewIfNeeded();
    await coach.screenshot({ path: path.join(SCREENSHOTS, 'wellbeing-outcomes.png') });
  });

  it('logged no page errors or policy violations', () => {
    expect(problems).toEqual([]);
  });
});
