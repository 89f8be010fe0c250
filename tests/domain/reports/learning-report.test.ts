import { ZodError } from 'zod';
import type { Barrier, Db } from '../../../src/db/client';
import { assetInput } from '../../../src/domain/assets/asset-input';
import { saveAsset } from '../../../src/domain/assets/save-asset';
import { recordWhatDidntWork } from '../../../src/domain/assets/what-didnt-work';
import { createOrganisation } from '../../../src/domain/organisations/create-organisation';
import { learningReport, learningReportCsv, OTHER_SERVICES, publicLearningReport } from '../../../src/domain/reports/learning-report';
import { AppError } from '../../../src/lib/errors';
import { createTestDatabase, testProvider, type TestDatabase } from '../../helpers/test-database';

const FROM = new Date('2026-09-01T00:00:00Z');
const TO = new Date('2026-12-01T00:00:00Z');
const INSIDE = new Date('2026-10-15T12:00:00Z');
const NOTE = 'PRIVATE NOTE: she was in tears at the front desk';

type Service = { assetId: string } | { serviceName: string };

/** `count` new people, each with one entry for the service and barrier; returns their ids. */
async function didntWork(db: Db, organisationId: string, service: Service | ((i: number) => Service), barrier: Barrier, count: number, at = INSIDE) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const person = await db.person.create({ data: { organisationId, preferredName: 'Maureen' } });
    await recordWhatDidntWork(db, { organisationId, personId: person.id, ...(typeof service === 'function' ? service(i) : service), barrier, note: `${NOTE} (${i})`, staffId: null, now: at });
    ids.push(person.id);
  }
  return ids;
}

describe(`the learning report (${testProvider})`, () => {
  let database: TestDatabase;
  let organisationId: string;
  let otherOrganisationId: string;
  let walkingM9: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    organisationId = (await createOrganisation(db, { name: 'Northside PCN' })).id;
    walkingM9 = (await saveAsset(db, organisationId, assetInput.parse({ name: 'Walking group', categories: ['LEISURE'], area: 'M9' }))).asset.id;
    const walkingBlackley = (await saveAsset(db, organisationId, assetInput.parse({ name: 'Walking group', categories: ['LEISURE'], area: 'Blackley' }))).asset.id;

    // One service typed in three spellings by different coaches: 10 people refused, 2 waiting.
    const spellings = ['Housing Options', 'Housing Options', '  housing   options ', 'HOUSING OPTIONS'];
    const housing = await didntWork(db, organisationId, (i) => ({ serviceName: spellings[i % 4]! }), 'REFUSED', 10);
    await didntWork(db, organisationId, { serviceName: 'housing options' }, 'WAITING_LIST', 2);
    // Written up twice for the same person: still one person refused.
    await recordWhatDidntWork(db, { organisationId, personId: housing[0]!, serviceName: 'Housing Options', barrier: 'REFUSED', note: NOTE, staffId: null, now: INSIDE });
    // Asset-linked entries group by asset; the M9 group's transport trouble is for 3 of the same 11 people.
    const unwelcomed = await didntWork(db, organisationId, { assetId: walkingM9 }, 'NOT_WELCOMING', 11);
    for (const personId of unwelcomed.slice(0, 3)) await recordWhatDidntWork(db, { organisationId, personId, assetId: walkingM9, barrier: 'TRANSPORT', note: NOTE, staffId: null, now: INSIDE });
    await didntWork(db, organisationId, { assetId: walkingBlackley }, 'TRANSPORT', 2);
    // A name spreadsheets would read as a formula.
    await didntWork(db, organisationId, { serviceName: '@home support' }, 'COST', 10);
    // Named for too few people to show: into "Other services".
    await didntWork(db, organisationId, { serviceName: 'Job centre' }, 'COST', 3);
    await didntWork(db, organisationId, { serviceName: "Maureen's grandson's school" }, 'REFUSED', 1);
    // Outside the dates.
    await didntWork(db, organisationId, { serviceName: 'Housing Options' }, 'REFUSED', 20, new Date('2026-06-01T00:00:00Z'));
    await didntWork(db, organisationId, { serviceName: 'Housing Options' }, 'CLOSED', 1, TO);

    otherOrganisationId = (await createOrganisation(db, { name: 'Southside PCN' })).id;
    const southAsset = (await saveAsset(db, otherOrganisationId, assetInput.parse({ name: 'Southside social club', categories: ['LEISURE'], area: 'M9' }))).asset.id;
    await didntWork(db, otherOrganisationId, { serviceName: 'Housing Options' }, 'REFUSED', 20);
    await didntWork(db, otherOrganisationId, { assetId: southAsset }, 'ACCESSIBILITY', 12);
  });
  afterAll(() => database.destroy());

  const report = () => learningReport(database.db, { organisationId, from: FROM, to: TO, threshold: 10 });

  it('groups spellings of one service, rows by asset, and barriers as columns, with the true counts of people', async () => {
    const r = await report();
    expect(r.services).toEqual(['@home support', 'Housing Options', 'Walking group (Blackley)', 'Walking group (M9)', OTHER_SERVICES]);
    expect(r.barriers).toEqual(['REFUSED', 'NOT_WELCOMING', 'TRANSPORT', 'COST', 'WAITING_LIST']);
    expect(r.counts.cells.map((row) => row.map((c) => c.value))).toEqual([
      [0, 0, 0, 10, 0],
      [10, 0, 0, 0, 2],
      [0, 0, 2, 0, 0],
      [0, 11, 3, 0, 0],
      [1, 0, 0, 3, 0],
    ]);
    expect(r.counts.total.value).toBe(42);
  });

  it('shows small counts as "<10" and hides one more wherever one could be worked out', async () => {
    const shown = publicLearningReport(await report());
    // Housing's 2 waiting would follow from 12 - 10, so the 10 is held back; then NOT_WELCOMING's
    // total would give away the M9 group's 11, and "@home"'s 10 would give away Other's 3 of COST.
    expect(shown.counts.cells).toEqual([
      ['0', '0', '0', '*', '0'],
      ['*', '0', '0', '0', '<10'],
      ['0', '0', '<10', '0', '0'],
      ['0', '*', '<10', '0', '0'],
      ['<10', '0', '0', '<10', '0'],
    ]);
    expect(shown.counts.rowTotals).toEqual(['*', '12', '<10', '14', '<10']);
    expect(shown.counts.columnTotals).toEqual(['11', '*', '<10', '13', '<10']);
    expect(shown.counts.total).toBe('42');
    const everything = JSON.stringify(shown);
    for (const n of ['"1"', '"2"', '"3"', '"4"', '"5"', '"6"', '"7"', '"8"', '"9"']) expect(everything).not.toContain(n);
  });

  it('never puts a note, a rarely typed name or another organisation in what leaves Lantern', async () => {
    const r = await report();
    const outputs = [JSON.stringify(publicLearningReport(r)), learningReportCsv(r)];
    for (const output of outputs) {
      expect(output).not.toMatch(/PRIVATE NOTE|tears|grandson|Job centre|Southside|ACCESSIBILITY|CLOSED/);
    }
  });

  it('exports service, barrier and count per cell, with formula-like names kept as text', async () => {
    const lines = learningReportCsv(await report()).split('\r\n');
    expect(lines[0]).toBe('service,barrier,count');
    expect(lines).toHaveLength(1 + 5 * 5 + 1);
    expect(lines).toContain("'@home support,COST,*");
    expect(lines).toContain('Housing Options,WAITING_LIST,<10');
    expect(lines).toContain('Walking group (M9),NOT_WELCOMING,*');
    expect(lines).toContain('Other services,COST,<10');
    for (const line of lines.slice(1, -1)) expect(line.split(',').at(-1)).toMatch(/^(0|<10|\*|[1-9]\d+)$/);
  });

  it('puts entries whose asset was removed, and a service typed as "Other services", into the one Other row', async () => {
    const db = database.db;
    const edge = (await createOrganisation(db, { name: 'Edge PCN' })).id;
    const closing = (await saveAsset(db, edge, assetInput.parse({ name: 'Knit and natter', categories: ['LEISURE'], area: 'M9' }))).asset.id;
    await didntWork(db, edge, { assetId: closing }, 'CLOSED', 2);
    await db.communityAsset.delete({ where: { id: closing } });
    await didntWork(db, edge, { serviceName: 'other  SERVICES' }, 'CLOSED', 12);
    const r = await learningReport(db, { organisationId: edge, from: FROM, to: TO, threshold: 10 });
    expect(r.services).toEqual([OTHER_SERVICES]);
    expect(r.counts.cells).toEqual([[expect.objectContaining({ value: 14, shown: '14' })]]);
  });

  it('gives an empty table, and a CSV of just the header, when nothing is recorded', async () => {
    const empty = (await createOrganisation(database.db, { name: 'Quiet PCN' })).id;
    const r = await learningReport(database.db, { organisationId: empty, from: FROM, to: TO, threshold: 10 });
    expect(publicLearningReport(r)).toMatchObject({ services: [], barriers: [], counts: { cells: [], total: '0' } });
    expect(learningReportCsv(r)).toBe('service,barrier,count\r\n');
  });
});

describe(`recording what didn't work (${testProvider})`, () => {
  let database: TestDatabase;
  let organisationId: string;
  let personId: string;
  let assetId: string;
  let theirPerson: string;
  let theirAsset: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    organisationId = (await createOrganisation(db, { name: 'Northside PCN' })).id;
    personId = (await db.person.create({ data: { organisationId } })).id;
    assetId = (await saveAsset(db, organisationId, assetInput.parse({ name: 'Chatty café', categories: ['NEIGHBOURS'], area: 'M9' }))).asset.id;
    const other = (await createOrganisation(db, { name: 'Southside PCN' })).id;
    theirPerson = (await db.person.create({ data: { organisationId: other } })).id;
    theirAsset = (await saveAsset(db, other, assetInput.parse({ name: 'Their café', categories: ['NEIGHBOURS'], area: 'M9' }))).asset.id;
  });
  afterAll(() => database.destroy());

  const base = () => ({ organisationId, personId, barrier: 'TRANSPORT' as const, note: '  No bus after six  ', staffId: null, now: INSIDE });

  it('stores a typed service trimmed, with the barrier, note and time', async () => {
    const entry = await recordWhatDidntWork(database.db, { ...base(), serviceName: '  Housing Options ' });
    expect(entry).toMatchObject({ organisationId, personId, assetId: null, serviceName: 'Housing Options', barrier: 'TRANSPORT', note: 'No bus after six', createdAt: INSIDE });
  });

  it('stores an asset of the organisation, with or without a person', async () => {
    const entry = await recordWhatDidntWork(database.db, { ...base(), personId: undefined, assetId });
    expect(entry).toMatchObject({ personId: null, assetId, serviceName: null });
  });

  it.each([
    ['neither an asset nor a service', {}],
    ['a blank service name', { serviceName: '   ' }],
    ['a one-letter service name', { serviceName: ' X ' }],
    ['a 121-character service name', { serviceName: 'x'.repeat(121) }],
    ['both an asset and a service', { serviceName: 'Housing Options', assetId: 'set below' }],
    ['a note over 500 characters', { serviceName: 'Housing Options', note: 'x'.repeat(501) }],
    ['a barrier that is not one', { serviceName: 'Housing Options', barrier: 'RUDE' }],
  ])('refuses %s', async (_, change) => {
    const input = { ...base(), ...change, ...('assetId' in change ? { assetId } : {}) } as Parameters<typeof recordWhatDidntWork>[1];
    await expect(recordWhatDidntWork(database.db, input)).rejects.toBeInstanceOf(ZodError);
  });

  it('accepts a 120-character service name and a 500-character note', async () => {
    await expect(recordWhatDidntWork(database.db, { ...base(), serviceName: 'x'.repeat(120), note: 'y'.repeat(500) })).resolves.toMatchObject({ serviceName: 'x'.repeat(120) });
  });

  it("answers not-found for another organisation's person or asset, and writes nothing", async () => {
    const before = await database.db.whatDidntWork.count();
    for (const input of [{ ...base(), personId: theirPerson, serviceName: 'Housing Options' }, { ...base(), assetId: theirAsset }]) {
      const error = await recordWhatDidntWork(database.db, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).kind).toBe('not-found');
    }
    expect(await database.db.whatDidntWork.count()).toBe(before);
  });
});
