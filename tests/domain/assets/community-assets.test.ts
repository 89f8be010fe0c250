import { assetsCsv, importAssetsCsv } from '../../../src/domain/assets/asset-csv';
import { assetInput } from '../../../src/domain/assets/asset-input';
import { recordConnection } from '../../../src/domain/assets/connections';
import { listAssets, suggestAssets } from '../../../src/domain/assets/list-assets';
import { saveAsset } from '../../../src/domain/assets/save-asset';
import { createOrganisation } from '../../../src/domain/organisations/create-organisation';
import { createTestDatabase, testProvider, type TestDatabase } from '../../helpers/test-database';

const NOW = new Date('2026-12-02T10:00:00Z');

const CSV = [
  'Name,Description,Categories,Area,Schedule,Contact,Cost,Accessibility,Last verified,External ID',
  'Harpurhey Walking Group,Gentle walks from the library,Leisure;Community groups,M9,Tuesdays 10am,07700 900123,Free,Flat routes,2026-10-01,walk-1',
  ',No name here,Leisure,M9,,,,,,',
  'Knit and Natter,Knitting and a cuppa,Passions and interests,m9 4ab,Thursdays 2pm,,£1,Step-free,2025-01-15,',
  'Debt Advice Drop-in,Money advice,Money,Nowhere 123!,,,,,,',
  'Men in Sheds,Woodwork and company,SHARED_INTEREST_GROUPS;Feelings,M40,,,,,,',
  '"Blackley Food Club, Saturdays",Low-cost food,Money;Health,Blackley,Saturdays,,£3.50 a week,,2026-11-30,food-1',
  'Broken date group,Something,Leisure,M9,,,,,not a date,',
].join('\r\n');

describe(`the community assets directory (${testProvider})`, () => {
  let database: TestDatabase;
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    organisationId = (await createOrganisation(database.db, { name: 'Northside PCN' })).id;
  });
  afterAll(() => database.destroy());

  it('imports good rows and reports each bad one with its line number and what was wrong', async () => {
    const result = await importAssetsCsv(database.db, { organisationId, csv: CSV });
    expect(result.created).toBe(3);
    expect(result.rejected).toEqual([
      { line: 3, problems: ['name: is empty'] },
      { line: 5, problems: ['area: "Nowhere 123!" is not a postcode district (like M9) or a neighbourhood name'] },
      { line: 6, problems: ['categories: "FEELINGS" is not a category'] },
      { line: 8, problems: ['last_verified: is not a date (use 2026-11-30)'] },
    ]);
    const assets = await listAssets(database.db, { organisationId, now: NOW });
    expect(assets.map((a) => [a.name, a.area, a.categories.sort()])).toEqual([
      ['Blackley Food Club, Saturdays', 'Blackley', ['HEALTH', 'MONEY']],
      ['Harpurhey Walking Group', 'M9', ['COMMUNITY_GROUPS', 'LEISURE']],
      ['Knit and Natter', 'M9', ['PASSIONS_AND_INTERESTS']],
    ]);
  });

  it('updates rather than duplicates when a row with a known external id comes again', async () => {
    const again = await importAssetsCsv(database.db, { organisationId, csv: ['name,categories,area,external_id,cost', 'Harpurhey Walking Group,Leisure,M9,walk-1,Free (bring water)'].join('\n') });
    expect(again).toEqual({ created: 0, updated: 1, rejected: [] });
    const walks = await listAssets(database.db, { organisationId, now: NOW, search: 'Walking' });
    expect(walks).toHaveLength(1);
    expect(walks[0]).toMatchObject({ cost: 'Free (bring water)', categories: ['LEISURE'] });
  });

  it('refuses a file it cannot read as a whole, with a clear reason', async () => {
    await expect(importAssetsCsv(database.db, { organisationId, csv: 'name,description\nA,B' })).rejects.toMatchObject({ kind: 'bad-request', message: expect.stringContaining('categories, area') });
    await expect(importAssetsCsv(database.db, { organisationId, csv: '' })).rejects.toMatchObject({ message: 'The file is empty' });
    await expect(importAssetsCsv(database.db, { organisationId, csv: 'name,categories,area\n"unclosed,Leisure,M9' })).rejects.toMatchObject({ kind: 'bad-request', message: expect.stringMatching(/not CSV/) });
  });

  it('flags entries nobody has verified in six months', async () => {
    const stale = await listAssets(database.db, { organisationId, now: NOW, staleOnly: true });
    expect(stale.map((a) => a.name)).toEqual(['Knit and Natter']);
  });

  it('suggests assets by category in the person\'s own area, and none when they gave no area', async () => {
    expect((await suggestAssets(database.db, { organisationId, category: 'LEISURE', area: 'm9', now: NOW })).assets.map((a) => a.name)).toEqual(['Harpurhey Walking Group']);
    expect((await suggestAssets(database.db, { organisationId, category: 'LEISURE', area: 'M9 4AB', now: NOW })).assets).toHaveLength(1);
    expect((await suggestAssets(database.db, { organisationId, category: 'MONEY', area: 'M9', now: NOW })).assets).toEqual([]);
    expect((await suggestAssets(database.db, { organisationId, category: 'MONEY', area: 'blackley', now: NOW })).assets.map((a) => a.name)).toEqual(['Blackley Food Club, Saturdays']);
    expect((await suggestAssets(database.db, { organisationId, category: 'LEISURE', area: null, now: NOW })).assets).toEqual([]);
  });

  it('exports the directory as CSV the import reads back, with formulas kept as text', async () => {
    await saveAsset(database.db, organisationId, assetInput.parse({ name: '=HYPERLINK("http://evil")', categories: ['OTHER'], area: 'M9' }));
    const csv = assetsCsv(await listAssets(database.db, { organisationId, now: NOW }));
    expect(csv.split('\r\n')[0]).toBe('name,description,categories,area,schedule,contact,cost,accessibility,last_verified,external_id');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const elsewhere = await createOrganisation(database.db, { name: 'Copy PCN' });
    const copied = await importAssetsCsv(database.db, { organisationId: elsewhere.id, csv });
    expect(copied.rejected).toEqual([]);
    expect(copied.created).toBe(4);
  });

  it('keeps each organisation to its own directory and connections', async () => {
    const other = await createOrganisation(database.db, { name: 'Southside PCN' });
    expect(await listAssets(database.db, { organisationId: other.id, now: NOW })).toEqual([]);
    const [asset] = await listAssets(database.db, { organisationId, now: NOW });
    const outsider = await database.db.person.create({ data: { organisationId: other.id } });
    await expect(recordConnection(database.db, { organisationId: other.id, personId: outsider.id, assetId: asset!.id, staffId: null, now: NOW })).rejects.toMatchObject({ kind: 'not-found' });
  });
});
