import type { Db } from '../../../src/db/client';
import { assetInput, type Category } from '../../../src/domain/assets/asset-input';
import { recordConnection } from '../../../src/domain/assets/connections';
import { saveAsset } from '../../../src/domain/assets/save-asset';
import { createOrganisation } from '../../../src/domain/organisations/create-organisation';
import { ELSEWHERE, neighbourhoodReport, publicReport, reportCsv } from '../../../src/domain/reports/neighbourhood-report';
import { createTestDatabase, testProvider, type TestDatabase } from '../../helpers/test-database';

const FROM = new Date('2026-09-01T00:00:00Z');
const TO = new Date('2026-12-01T00:00:00Z');
const INSIDE = new Date('2026-10-15T12:00:00Z');

/** `count` people in `area`, each saying something in every one of `categories` matters. */
async function people(db: Db, organisationId: string, area: string | null, count: number, categories: Category[], at = INSIDE) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const person = await db.person.create({ data: { organisationId, area } });
    for (const category of categories) await db.whatMattersItem.create({ data: { personId: person.id, category, text: `a private sentence about ${category}`, createdAt: at } });
    ids.push(person.id);
  }
  return ids;
}

describe(`the neighbourhood report (${testProvider})`, () => {
  let database: TestDatabase;
  let organisationId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    organisationId = (await createOrganisation(db, { name: 'Northside PCN' })).id;
    const walking = await saveAsset(db, organisationId, assetInput.parse({ name: 'Walking group', categories: ['LEISURE'], area: 'M9' }));
    await saveAsset(db, organisationId, assetInput.parse({ name: 'Food club', categories: ['MONEY'], area: 'Blackley' }));
    // Closed, as a person told us: not counted as meeting the need.
    const closed = await saveAsset(db, organisationId, assetInput.parse({ name: 'Old debt clinic', categories: ['MONEY'], area: 'M9' }));
    await db.communityAsset.update({ where: { id: closed.asset.id }, data: { needsCheckSince: INSIDE, needsCheckReason: 'closed' } });

    const walkers = await people(db, organisationId, 'M9', 14, ['LEISURE']);
    await people(db, organisationId, 'm9 4ab', 3, ['LEISURE', 'MONEY']);
    await people(db, organisationId, 'M9', 12, ['HOUSING']);
    await people(db, organisationId, 'Blackley', 11, ['MONEY']);
    await people(db, organisationId, 'Blackley', 2, ['HOUSING']);
    await people(db, organisationId, null, 4, ['LEISURE']);
    await people(db, organisationId, 'Flat 3 Acacia Avenue', 1, ['LEISURE']);
    await people(db, organisationId, 'Somewhereville', 1, ['HOUSING']);
    // Outside the dates: not counted.
    await people(db, organisationId, 'M9', 30, ['HOUSING'], new Date('2026-06-01T00:00:00Z'));
    // Eleven of the walkers tried the walking group; one was only suggested it.
    for (const personId of walkers.slice(0, 11)) await recordConnection(db, { organisationId, personId, assetId: walking.asset.id, status: 'TRIED', staffId: null, now: INSIDE });
    await recordConnection(db, { organisationId, personId: walkers[11]!, assetId: walking.asset.id, status: 'SUGGESTED', staffId: null, now: INSIDE });
    // Another organisation's people never appear.
    const other = (await createOrganisation(db, { name: 'Southside PCN' })).id;
    await people(db, other, 'M9', 50, ['LEISURE']);
  });
  afterAll(() => database.destroy());

  const report = () => neighbourhoodReport(database.db, { organisationId, from: FROM, to: TO, threshold: 10 });

  it('counts people (not items) by area and category, with the expected numbers inside Lantern', async () => {
    const r = await report();
    expect(r.areas).toEqual(['Blackley', 'M9', ELSEWHERE]);
    expect(r.categories).toEqual(['MONEY', 'HOUSING', 'LEISURE']);
    const values = r.needs.cells.map((row) => row.map((c) => c.value));
    expect(values).toEqual([
      [11, 2, 0],
      [3, 12, 17],
      [0, 1, 5],
    ]);
    expect(r.connected.cells[1]![2]!.value).toBe(11);
  });

  it('shows small counts as "<10", and hides one more wherever a small count could be worked out from a total', async () => {
    const shown = publicReport(await report());
    // Blackley's 2 would follow from 13 - 11, so 11 is held back; that leaves Blackley's total
    // as the one unknown in the column of totals, so it is held back too; and so on. A small
    // report is mostly stars: that is the point.
    expect(shown.needs.cells).toEqual([
      ['*', '<10', '0'],
      ['<10', '*', '*'],
      ['0', '<10', '<10'],
    ]);
    expect(shown.needs.rowTotals).toEqual(['*', '32', '<10']);
    expect(shown.needs.columnTotals).toEqual(['14', '15', '22']);
    expect(shown.needs.total).toBe('51');
    expect(shown.connected.cells[1]).toEqual(['0', '0', '11']);
    // Nothing from 1 to 9 appears as a number anywhere in what leaves Lantern.
    const everything = JSON.stringify(shown);
    for (const n of ['"1"', '"2"', '"3"', '"4"', '"5"', '"6"', '"7"', '"8"', '"9"']) expect(everything).not.toContain(n);
  });

  it('names the gaps: needs with no working asset in the area', async () => {
    const shown = publicReport(await report());
    expect(shown.gaps).toEqual([
      { area: 'Blackley', category: 'HOUSING', people: '<10' },
      { area: 'M9', category: 'MONEY', people: '<10' },
      { area: 'M9', category: 'HOUSING', people: '*' },
    ]);
  });

  it('never puts free text in aggregate: no one\'s words, and no area typed by one person', async () => {
    const shown = JSON.stringify(publicReport(await report()));
    expect(shown).not.toMatch(/private sentence|Acacia|Somewhereville/);
    const csv = reportCsv(await report());
    expect(csv).not.toMatch(/private sentence|Acacia|Somewhereville/);
    expect(csv.split('\r\n')[0]).toBe('area,category,people for whom it matters,connected to an asset,assets,gap');
    expect(csv).toContain('M9,LEISURE,*,11,1,no');
    expect(csv).toContain('M9,MONEY,<10,0,1,yes');
    for (const line of csv.trim().split('\r\n').slice(1)) expect(line.split(',')[2]).toMatch(/^(0|<10|\*|[1-9]\d+)$/);
  });
});
