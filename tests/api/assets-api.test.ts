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
