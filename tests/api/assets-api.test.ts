import { createOrganisation } from '../../src/domain/organisations/create-organisation';
import { createStaff } from '../../src/domain/staff/create-staff';
import { signIn, type ApiClient } from '../helpers/api-client';
import { startSmsService } from '../helpers/sms-service';
import { testProvider } from '../helpers/test-database';

const PASSWORD = 'correct horse battery staple 42';
const CSV = [
  'name,categories,area,schedule,cost,last_verified',
  'Harpurhey Walking Group,Leisure;Passions and interests,M9,Tuesdays 10am,Free,2026-11-01',
  'Bad row,Nonsense,M9,,,',
  'Knit and Natter,Passions and interests;Community groups,M9,Thursdays,£1,2026-11-20',
].join('\n');

describe(`the community assets, connections and report API (${testProvider})`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let coach: ApiClient;
  let outsider: ApiClient;
  let practice: ApiClient;

  beforeAll(async () => {
    sms = await startSmsService();
    const demo = sms.service.demo!;
    coach = await signIn(sms.service.url, demo.coach.email, demo.coach.password);
    practice = await signIn(sms.service.url, demo.practiceStaff.email, demo.practiceStaff.password);
    const elsewhere = await createOrganisation(sms.db(), { name: 'Southside PCN' });
    await createStaff(sms.db(), { organisationId: elsewhere.id, email: 'kim@southside.test', displayName: 'Kim', role: 'COACH', password: PASSWORD });
    outsider = await signIn(sms.service.url, 'kim@southside.test', PASSWORD);
  });
  afterAll(() => sms.stop());

  const importCsv = (as: ApiClient, csv: string) =>
    fetch(`${sms.service.url}/api/assets/import`, { method: 'POST', headers: { Cookie: as.cookie, 'X-CSRF-Token': as.csrfToken, 'Content-Type': 'text/csv' }, body: csv }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it('imports a CSV sent as the body, keeping good rows and listing bad ones by line', async () => {
    const imported = await importCsv(coach, CSV);
    expect(imported).toMatchObject({ status: 200, body: { created: 2, updated: 0, rejected: [{ line: 3, problems: ['categories: "NONSENSE" is not a category'] }] } });
    const listed = await coach.get('/api/assets?area=m9');
    expect(listed.body.assets.map((a: { name: string }) => a.name)).toEqual(['Harpurhey Walking Group', 'Knit and Natter']);
    const csv = await fetch(`${sms.service.url}/api/assets/export.csv`, { headers: { Cookie: coach.cookie } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toContain('Knit and Natter,,PASSIONS_AND_INTERESTS;COMMUNITY_GROUPS,M9,Thursdays,,£1,,2026-11-20,');
  });

  it("adds and changes an asset with clear errors, and never touches another organisation's", async () => {
    const added = await coach.post('/api/assets', { name: 'Men in Sheds', categories: ['SHARED_INTEREST_GROUPS'], area: 'M40', cost: 'Free' });
    expect(added.status).toBe(201);
    const bad = await coach.post('/api/assets', { name: '', categories: [], area: '???' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/name: is empty/);
    expect(bad.body.error.message).toMatch(/categories: needs at least one category/);
    const changed = await fetch(`${sms.service.url}/api/assets/${added.body.id}`, {
      method: 'PUT', headers: { Cookie: coach.cookie, 'X-CSRF-Token': coach.csrfToken, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Men in Sheds (Moston)', categories: ['SHARED_INTEREST_GROUPS', 'KNOWLEDGE_AND_SKILLS'], area: 'M40' }),
    });
    expect(changed.status).toBe(200);
    const theirs = await fetch(`${sms.service.url}/api/assets/${added.body.id}`, {
      method: 'PUT', headers: { Cookie: outsider.cookie, 'X-CSRF-Token': outsider.csrfToken, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Taken over', categories: ['OTHER'], area: 'M1' }),
    });
    expect(theirs.status).toBe(404);
    expect((await outsider.post(`/api/assets/${added.body.id}/verified`)).status).toBe(404);
    expect((await outsider.get('/api/assets')).body.assets).toEqual([]);
    expect((await sms.db().communityAsset.findUniqueOrThrow({ where: { id: added.body.id } })).name).toBe('Men in Sheds (Moston)');
  });

  it('suggests assets for what matters to someone in their area, and records the connection and how it went', async () => {
    const phone = sms.nextPhone();
    await sms.welcomed(phone);
    await sms.say(phone, 'I love walking');
    await sms.settle();
    const person = await sms.db().person.findFirstOrThrow({ where: { phone }, include: { whatMatters: true } });
    const item = person.whatMatters[0]!;
    // No area yet: nothing to match against.
    expect((await coach.get(`/api/people/${person.id}/suggestions?whatMattersId=${item.id}`)).body.assets).toEqual([]);
    expect((await coach.post(`/api/people/${person.id}/area`, { area: 'm9 4ab' })).body).toEqual({ area: 'M9' });
    expect((await coach.post(`/api/people/${person.id}/area`, { area: 'my house!!' })).status).toBe(400);
    const suggested = await coach.get(`/api/people/${person.id}/suggestions?whatMattersId=${item.id}`);
    // "I love walking" is noted under passions and interests, which both groups offer.
    expect(suggested.body).toMatchObject({ category: 'PASSIONS_AND_INTERESTS', area: 'M9' });
    expect(suggested.body.assets.map((a: { name: string }) => a.name)).toEqual(['Harpurhey Walking Group', 'Knit and Natter']);
    const connected = await coach.post(`/api/people/${person.id}/connections`, { assetId: suggested.body.assets[0].id, whatMattersId: item.id });
    expect(connected).toMatchObject({ status: 201, body: { status: 'SUGGESTED' } });
    expect((await coach.post(`/api/people/${person.id}/connections/${connected.body.id}`, { status: 'STUCK_WITH_IT' })).status).toBe(200);
    const record = await coach.get(`/api/people/${person.id}`);
    expect(record.body.connections).toEqual([expect.objectContaining({ status: 'STUCK_WITH_IT', asset: expect.objectContaining({ name: 'Harpurhey Walking Group' }) })]);
    expect(record.body.person.area).toBe('M9');
  });

  it('reports neighbourhood needs with counts only, small ones suppressed, as JSON and CSV', async () => {
    const report = await coach.get('/api/reports/neighbourhood');
    expect(report.status).toBe(200);
    expect(report.body.areas).toContain('M9');
    const i = report.body.areas.indexOf('M9');
    const j = report.body.categories.indexOf('PASSIONS_AND_INTERESTS');
    expect(report.body.needs.cells[i][j]).toBe('<10');
    expect(JSON.stringify(report.body)).not.toMatch(/walking/i);
    const csv = await fetch(`${sms.service.url}/api/reports/neighbourhood.csv?from=2026-01-01`, { headers: { Cookie: coach.cookie } });
    expect(await csv.text()).toMatch(/^area,category,people for whom it matters,connected to an asset,assets,gap\r\n/);
    expect((await coach.get('/api/reports/neighbourhood?from=2026-02-30')).status).toBe(400);
    expect((await coach.get('/api/reports/neighbourhood?from=2026-12-01&to=2026-01-01')).status).toBe(400);
  });

  it('keeps practice staff out of the directory, connections and reports', async () => {
    for (const path of ['/api/assets', '/api/reports/neighbourhood', '/api/assets/export.csv']) expect([path, (await practice.get(path)).status]).toEqual([path, 403]);
    expect((await practice.post('/api/assets', { name: 'x', categories: ['OTHER'], area: 'M9' })).status).toBe(403);
  });
});

describe(`learning, outcomes and Open Referral UK over the API (${testProvider})`, () => {
  let sms: Awaited<ReturnType<typeof startSmsService>>;
  let coach: ApiClient;
  let organisationId: string;

  beforeAll(async () => {
    sms = await startSmsService();
    const demo = sms.service.demo!;
    coach = await signIn(sms.service.url, demo.coach.email, demo.coach.password);
    organisationId = (await sms.db().organisation.findFirstOrThrow()).id;
  });
  afterAll(() => sms.stop());

  it("records what didn't work and reports it by service and barrier, never with the notes", async () => {
    const people = [];
    for (let i = 0; i < 12; i++) people.push(await sms.db().person.create({ data: { organisationId } }));
    for (const [i, person] of people.entries()) {
      const answer = await coach.post(`/api/people/${person.id}/didnt-work`, { serviceName: i % 3 ? 'Housing options' : 'housing  Options ', barrier: i < 11 ? 'REFUSED' : 'TRANSPORT', note: `private note ${i}` });
      expect(answer.status).toBe(201);
    }
    expect((await coach.post(`/api/people/${people[0]!.id}/didnt-work`, { barrier: 'COST' })).status).toBe(400);
    expect((await coach.post(`/api/people/${people[0]!.id}/didnt-work`, { serviceName: 'X service', barrier: 'BORED' })).status).toBe(400);
    const report = await coach.get('/api/reports/learning');
    expect(report.status).toBe(200);
    expect(JSON.stringify(report.body)).not.toMatch(/private note/);
    expect(report.body.services).toEqual(['Housing options']);
    const csv = await (await fetch(`${sms.service.url}/api/reports/learning.csv`, { headers: { Cookie: coach.cookie } })).text();
    expect(csv).not.toMatch(/private note/);
    expect(csv).toMatch(/Housing options,REFUSED,(11|\*)/);
  });

  it('reports wellbeing first against latest, and refuses a per-person export for a small cohort', async () => {
    const person = await sms.db().person.create({ data: { organisationId } });
    for (const [day, score] of [['2026-10-01', 4], ['2026-11-20', 7]] as const) {
      await sms.db().wellbeingAnswers.create({ data: { personId: person.id, lifeSatisfaction: score, worthwhile: score, happiness: score, anxiety: 10 - score, startedAt: new Date(`${day}T10:00:00Z`), completedAt: new Date(`${day}T10:05:00Z`) } });
    }
    const report = await coach.get('/api/reports/outcomes?from=2026-09-01&to=2026-12-01');
    expect(report.status).toBe(200);
    expect(report.body.cohort).toBe('<10');
    expect(report.body.measures.every((m: { meanFirst: number | null }) => m.meanFirst === null)).toBe(true);
    const csv = await fetch(`${sms.service.url}/api/reports/outcomes.csv?from=2026-09-01&to=2026-12-01`, { headers: { Cookie: coach.cookie } });
    expect(csv.status).toBe(403);
  });

  it('imports an Open Referral UK feed and exports the directory the same way', async () => {
    const feed = JSON.parse(await import('node:fs').then((fs) => fs.readFileSync(`${__dirname}/../fixtures/oruk-feed.json`, 'utf8')));
    const imported = await fetch(`${sms.service.url}/api/assets/import/oruk`, { method: 'POST', headers: { Cookie: coach.cookie, 'X-CSRF-Token': coach.csrfToken, 'Content-Type': 'application/json' }, body: JSON.stringify(feed) });
    const result = (await imported.json()) as { created: number; skipped: unknown[] };
    expect(imported.status).toBe(200);
    expect(result.created).toBeGreaterThan(0);
    expect(result.skipped.length).toBeGreaterThan(0);
    const exported = await coach.get('/api/assets/export/oruk');
    expect(exported.status).toBe(200);
    expect(exported.body.content).toHaveLength(result.created);
    expect(exported.body.content[0].service_taxonomys[0].taxonomy.vocabulary).toBe('Lantern what matters');
    const refused = await fetch(`${sms.service.url}/api/assets/import/oruk`, { method: 'POST', headers: { Cookie: coach.cookie, 'X-CSRF-Token': coach.csrfToken, 'Content-Type': 'application/json' }, body: JSON.stringify({ hello: 'world' }) });
    expect(refused.status).toBe(400);
  });
});
