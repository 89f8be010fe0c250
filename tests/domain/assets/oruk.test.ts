import fs from 'node:fs';
import path from 'node:path';
import { assetInput } from '../../../src/domain/assets/asset-input';
import { listAssets, type AssetView } from '../../../src/domain/assets/list-assets';
import { assetsAsOruk, importOrukServices, MAX_ORUK_SERVICES } from '../../../src/domain/assets/oruk';
import { saveAsset } from '../../../src/domain/assets/save-asset';
import { createOrganisation } from '../../../src/domain/organisations/create-organisation';
import { createTestDatabase, testProvider, type TestDatabase } from '../../helpers/test-database';

const NOW = new Date('2026-12-02T10:00:00Z');
// A council-style page of ten services: good ones, odd types, HTML, a postcode only, closed ones,
// one with no usable area, one without an id, and a null.
const feed = (): { content: Array<Record<string, unknown> | null> } =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../fixtures/oruk-feed.json'), 'utf8'));

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const byName = (assets: AssetView[]) => Object.fromEntries(assets.map((a) => [a.name, { ...a, categories: [...a.categories].sort() }]));

describe(`Open Referral UK import and export (${testProvider})`, () => {
  let database: TestDatabase;
  let organisationId: string;
  const assets = () => listAssets(database.db, { organisationId, now: NOW });

  beforeAll(async () => {
    database = await createTestDatabase();
    organisationId = (await createOrganisation(database.db, { name: 'Northside PCN' })).id;
  });
  afterAll(() => database.destroy());

  it('imports the running services of a paginated feed and says why each other one was skipped', async () => {
    const result = await importOrukServices(database.db, { organisationId, json: feed() });
    expect(result.created).toBe(6);
    expect(result.updated).toBe(0);
    expect(result.skipped).toEqual([
      { index: 4, id: 'svc-lunch-005', problems: ['status: "inactive", so it is not running now'] },
      { index: 5, id: 'svc-online-006', problems: ['no service area or postcode'] },
      { index: 8, problems: ['id: is missing, so a later import could not find it again', 'status: "closed", so it is not running now', 'no service area or postcode'] },
      { index: 9, problems: ['is not a service (an object)'] },
    ]);
  });

  it('maps each service to an asset: area, categories, schedule, contact, cost, accessibility and date', async () => {
    const found = byName(await assets());
    expect(Object.keys(found).sort()).toEqual(['Blackley Food Club', 'Citizens Advice Debt Drop-in', 'Harpurhey Walking for Health', 'Knit and Natter', 'Men in Sheds', 'Sunday Roast at the Crown']);
    expect(found['Harpurhey Walking for Health']).toMatchObject({
      externalId: 'oruk:svc-walk-001',
      area: 'M9',
      categories: ['HEALTH', 'LEISURE', 'SHARED_INTEREST_GROUPS'],
      schedule: 'Tuesdays 10am from Harpurhey Library',
      contact: 'walks@example.org · Jo Walsh · 0161 234 5678 · https://example.org/walks',
      cost: 'Free',
      accessibility: 'Flat routes; Benches every half mile',
      lastVerifiedAt: day('2026-10-01'),
    });
    // Odd types: a numeric id, a number as an area, nulls for lists, a string amount, a number as a date.
    expect(found['Citizens Advice Debt Drop-in']).toMatchObject({
      externalId: 'oruk:1002', area: 'M8', categories: ['MONEY'], schedule: 'Mon, Wed 09:30-12:30',
      contact: 'advice@example.org', cost: 'Free', description: '', accessibility: '', lastVerifiedAt: null,
    });
    expect(found['Blackley Food Club']).toMatchObject({
      area: 'Blackley', categories: ['MONEY'], schedule: 'Sat 10:00-12:00', cost: '£3.50 a week',
      description: 'Low-cost food for families & neighbours. Bring a bag. No referral needed',
    });
    // Only a full postcode on the location: the area is its district.
    expect(found['Knit and Natter']).toMatchObject({
      area: 'M40', categories: ['PASSIONS_AND_INTERESTS'], schedule: '1st Thu 14:00-16:00',
      accessibility: 'Step-free entrance; Hearing loop', lastVerifiedAt: day('2025-01-15'),
    });
    // Lantern's own taxonomy wins over the others, by id or by name; an unknown one is ignored.
    expect(found['Men in Sheds']).toMatchObject({ area: 'M40', categories: ['PASSIONS_AND_INTERESTS', 'SHARED_INTEREST_GROUPS'], cost: '£1 a session' });
    // No taxonomy and no keyword: the check-in rules still recognise a pub.
    expect(found['Sunday Roast at the Crown']).toMatchObject({ area: 'Moston', categories: ['LEISURE'] });
  });

  it('updates, never duplicates, when the same feed comes again', async () => {
    const again = feed();
    Object.assign(again.content[0]!, { fees: 'Free (bring water)', regular_schedules: [{ byday: 'TU,TH', opens_at: '10:00', closes_at: '12:00' }] });
    const result = await importOrukServices(database.db, { organisationId, json: again });
    expect(result).toMatchObject({ created: 0, updated: 6 });
    expect(result.skipped.map((s) => s.index)).toEqual([4, 5, 8, 9]);
    const found = byName(await assets());
    expect(Object.keys(found)).toHaveLength(6);
    expect(found['Harpurhey Walking for Health']).toMatchObject({ cost: 'Free (bring water)', schedule: 'Tue, Thu 10:00-12:00' });
  });

  it('reads a bare list or an { items } page, and files a service that names nothing as OTHER', async () => {
    const other = await createOrganisation(database.db, { name: 'Bare List PCN' });
    const service = { id: 'plain-1', name: 'Thursday Drop-in', service_areas: [{ service_area: 'M9' }] };
    expect(await importOrukServices(database.db, { organisationId: other.id, json: [service] })).toEqual({ created: 1, updated: 0, skipped: [] });
    expect(await importOrukServices(database.db, { organisationId: other.id, json: { items: [service] } })).toEqual({ created: 0, updated: 1, skipped: [] });
    const [asset] = await listAssets(database.db, { organisationId: other.id, now: NOW });
    expect(asset).toMatchObject({ name: 'Thursday Drop-in', categories: ['OTHER'], area: 'M9' });
  });

  it('skips a repeated id and fits long text into what Lantern stores', async () => {
    const other = await createOrganisation(database.db, { name: 'Long Text PCN' });
    const numbers = Array.from({ length: 40 }, (_, i) => ({ number: `0161 496 ${String(1000 + i)}` }));
    const long = { id: 'long-1', name: 'Community Choir', description: 'We sing. '.repeat(400), service_areas: [{ service_area: 'M9' }], contacts: [{ phones: numbers }] };
    const result = await importOrukServices(database.db, { organisationId: other.id, json: [long, { ...long, name: 'Copy' }, { id: 'x', name: 'A'.repeat(201), service_areas: [{ service_area: 'M9' }] }] });
    expect(result).toEqual({
      created: 1, updated: 0,
      skipped: [
        { index: 1, id: 'long-1', problems: ['id: "long-1" is used by service 0 earlier in the feed'] },
        { index: 2, id: 'x', problems: ['name: is longer than 200 characters'] },
      ],
    });
    const [asset] = await listAssets(database.db, { organisationId: other.id, now: NOW });
    expect(asset!.description.length).toBeLessThanOrEqual(2000);
    expect(asset!.description).toMatch(/^We sing\. .* We sing\.…$/);
    expect(asset!.contact.length).toBeLessThanOrEqual(300);
    expect(asset!.contact.split(' · ')).toEqual(numbers.slice(0, 18).map((p) => p.number));
    expect(asset!.categories).toEqual(['SHARED_INTEREST_GROUPS']);
  });

  it('exports the directory as an ORUK page, with Lantern categories as a taxonomy', async () => {
    await saveAsset(database.db, organisationId, assetInput.parse({
      name: 'Moston Carers Cuppa', categories: ['CARE_SERVICES', 'COMMUNITY_GROUPS'], area: 'M40', schedule: 'Fridays 1-3pm',
      contact: 'Ask for Sam · 07700 900123', lastVerifiedAt: '2026-11-20',
    }));
    const directory = await assets();
    const document = assetsAsOruk(directory, { publicBaseUrl: 'https://lantern.example.org/', organisationName: 'Northside PCN' });
    expect(document).toMatchObject({ totalElements: 7, totalPages: 1, number: 1, size: 7 });
    const services = document.content as Array<Record<string, unknown>>;
    expect(services.find((s) => s.name === 'Harpurhey Walking for Health')).toEqual({
      id: 'svc-walk-001',
      name: 'Harpurhey Walking for Health',
      description: 'Gentle led walks for all abilities.',
      status: 'active',
      email: 'walks@example.org',
      url: 'https://example.org/walks',
      contacts: [{ name: 'Jo Walsh', phones: [{ number: '0161 234 5678' }] }],
      fees: 'Free (bring water)',
      assured_date: '2026-10-01',
      organization: { id: 'northside-pcn', name: 'Northside PCN', url: 'https://lantern.example.org' },
      service_areas: [{ service_area: 'M9' }],
      regular_schedules: [{ description: 'Tue, Thu 10:00-12:00' }],
      service_at_locations: [{ location: { name: 'M9', accessibility_for_disabilities: [{ accessibility: 'Flat routes; Benches every half mile' }] } }],
      service_taxonomys: expect.any(Array),
    });
    const walkTaxonomies = (services.find((s) => s.name === 'Harpurhey Walking for Health')!.service_taxonomys as Array<{ taxonomy: { id: string } }>).map((t) => t.taxonomy);
    expect(walkTaxonomies.sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'lantern:HEALTH', name: 'Health', vocabulary: 'Lantern what matters' },
      { id: 'lantern:LEISURE', name: 'Leisure', vocabulary: 'Lantern what matters' },
      { id: 'lantern:SHARED_INTEREST_GROUPS', name: 'Shared-interest groups', vocabulary: 'Lantern what matters' },
    ]);
    const cuppa = services.find((s) => s.name === 'Moston Carers Cuppa')!;
    expect(cuppa.id).toBe(directory.find((a) => a.name === 'Moston Carers Cuppa')!.id);
    expect(cuppa.service_taxonomys).toEqual(expect.arrayContaining([{ taxonomy: { id: 'lantern:CARE_SERVICES', name: 'Health and care services', vocabulary: 'Lantern what matters' } }]));
    expect(services.find((s) => s.name === 'Knit and Natter')!.service_taxonomys).toEqual([{ taxonomy: { id: 'lantern:PASSIONS_AND_INTERESTS', name: 'Passions and interests', vocabulary: 'Lantern what matters' } }]);
  });

  it('round-trips: the export imported into another organisation gives the same assets', async () => {
    const original = await assets();
    const exported = JSON.parse(JSON.stringify(assetsAsOruk(original, { publicBaseUrl: 'https://lantern.example.org', organisationName: 'Northside PCN' })));
    const copy = await createOrganisation(database.db, { name: 'Copy PCN' });
    expect(await importOrukServices(database.db, { organisationId: copy.id, json: exported })).toEqual({ created: 7, updated: 0, skipped: [] });
    const fields = (a: AssetView) => ({ name: a.name, description: a.description, area: a.area, categories: [...a.categories].sort(), cost: a.cost, schedule: a.schedule, contact: a.contact, accessibility: a.accessibility, lastVerifiedAt: a.lastVerifiedAt });
    const sorted = (list: AssetView[]) => list.map(fields).sort((a, b) => a.name.localeCompare(b.name));
    const copied = await listAssets(database.db, { organisationId: copy.id, now: NOW });
    expect(sorted(copied)).toEqual(sorted(original));
    expect(copied.find((a) => a.name === 'Knit and Natter')!.externalId).toBe('oruk:svc-knit-004');
    // Importing the export again updates the copies.
    expect(await importOrukServices(database.db, { organisationId: copy.id, json: exported })).toMatchObject({ created: 0, updated: 7 });
  });

  it('refuses a document that is not a feed of services, or too big a one', async () => {
    for (const json of [{ services: [] }, { content: 'none' }, 'a string', 42, null, { id: 'one', name: 'A single service' }]) {
      await expect(importOrukServices(database.db, { organisationId, json })).rejects.toMatchObject({ kind: 'bad-request', message: expect.stringContaining('not an Open Referral UK feed') });
    }
    await expect(importOrukServices(database.db, { organisationId, json: new Array(MAX_ORUK_SERVICES + 1).fill(null) }))
      .rejects.toMatchObject({ kind: 'bad-request', message: `The feed has 20,001 services; at most 20,000 can be imported at once` });
  });
});
