import { createHmac } from 'node:crypto';
import type { Db } from '../../../src/db/client';
import { createOrganisation } from '../../../src/domain/organisations/create-organisation';
import { createPerson } from '../../../src/domain/people/create-person';
import { outcomes, outcomesCsv, personOutcomes, publicOutcomes, type Measure } from '../../../src/domain/reports/outcomes';
import { AppError } from '../../../src/lib/errors';
import { createTestDatabase, testProvider, type TestDatabase } from '../../helpers/test-database';

const FROM = new Date('2026-09-01T00:00:00Z');
const TO = new Date('2026-12-01T00:00:00Z');
const KEY = 'a-test-pseudonym-key-of-some-length';

type Scores = [number | null, number | null, number | null, number | null];

/**
 * Ten people's first and latest sets, chosen so the means come out exact. Columns are life
 * satisfaction, worthwhile, happiness, anxiety. Person 9 skipped happiness the second time.
 *   life satisfaction  first sum 50 (mean 5),   latest sum 60 (6):    improved 5, same 4, worse 1
 *   worthwhile         first sum 50 (5),        latest sum 55 (5.5):  improved 4, same 5, worse 1
 *   happiness (9)      first sum 45 (5),        latest sum 54 (6):    improved 7, same 1, worse 1
 *   anxiety            first sum 50 (5),        latest sum 40 (4):    fell (better) 5, same 2, rose 3
 */
const FIRST: Scores[] = [
  [2, 5, 3, 8], [3, 5, 5, 7], [4, 5, 4, 6], [5, 5, 6, 5], [5, 5, 3, 4],
  [6, 5, 8, 3], [6, 5, 4, 6], [7, 5, 5, 7], [4, 5, 7, 2], [8, 5, 9, 2],
];
const LATEST: Scores[] = [
  [5, 7, 4, 4], [6, 7, 6, 5], [4, 6, 6, 6], [7, 6, 7, 2], [6, 5, 3, 4],
  [6, 5, 7, 5], [8, 5, 6, 3], [7, 5, 7, 3], [3, 4, 8, 4], [8, 5, null, 4],
];

async function answers(db: Db, personId: string, completedAt: Date | null, [lifeSatisfaction, worthwhile, happiness, anxiety]: Scores) {
  await db.wellbeingAnswers.create({ data: { personId, lifeSatisfaction, worthwhile, happiness, anxiety, startedAt: completedAt ?? new Date('2026-10-20T10:00:00Z'), completedAt } });
}

describe(`outcomes (${testProvider})`, () => {
  let database: TestDatabase;
  let organisationId: string;
  let people: string[];
  let small: string;
  let southPerson: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    organisationId = (await createOrganisation(db, { name: 'Northside PCN' })).id;
    people = [];
    for (let i = 0; i < 10; i++) {
      const person = await createPerson(db, { organisationId, preferredName: `Maureen${i}`, phone: `07700 900${String(100 + i)}` });
      people.push(person.id);
      // Latest written first, so order comes from the dates, not from insertion.
      await answers(db, person.id, new Date(`2026-11-${String(10 + i)}T10:00:00Z`), LATEST[i]!);
      // 23:30 on 30 September in UTC is October in London.
      await answers(db, person.id, i === 9 ? new Date('2026-09-30T23:30:00Z') : new Date(`2026-09-${String(10 + i)}T10:00:00Z`), FIRST[i]!);
      // A middle set: neither first nor latest, so it must not count.
      if (i < 5) await answers(db, person.id, new Date(`2026-10-${String(10 + i)}T10:00:00Z`), [10, 10, 10, 0]);
    }
    // Before the period, and one never completed: neither is the first set.
    await answers(db, people[0]!, new Date('2026-06-01T10:00:00Z'), [0, 0, 0, 10]);
    await answers(db, people[0]!, null, [0, 0, 0, 10]);
    // Two people with one set each: they answered, but are not in the cohort.
    for (let i = 0; i < 2; i++) await answers(db, (await db.person.create({ data: { organisationId } })).id, new Date('2026-10-01T10:00:00Z'), [1, 1, 1, 1]);

    // Another organisation's twelve people, who all went from 0 to 10: never included.
    const south = (await createOrganisation(db, { name: 'Southside PCN' })).id;
    for (let i = 0; i < 12; i++) {
      southPerson = (await db.person.create({ data: { organisationId: south } })).id;
      await answers(db, southPerson, new Date('2026-09-15T10:00:00Z'), [0, 0, 0, 0]);
      await answers(db, southPerson, new Date('2026-11-15T10:00:00Z'), [10, 10, 10, 10]);
    }
    // A small service: three people answered twice.
    small = (await createOrganisation(db, { name: 'Small PCN' })).id;
    for (let i = 0; i < 3; i++) {
      const person = (await db.person.create({ data: { organisationId: small } })).id;
      await answers(db, person, new Date('2026-09-15T10:00:00Z'), [4, 4, 4, 4]);
      await answers(db, person, new Date('2026-11-15T10:00:00Z'), [6, 6, 6, 6]);
    }
  });
  afterAll(() => database.destroy());

  const report = (threshold = 10, org = organisationId) => outcomes(database.db, { organisationId: org, from: FROM, to: TO, threshold });
  const measure = async (name: Measure, threshold = 10) => (await report(threshold)).measures.find((m) => m.measure === name)!;

  it('compares first with latest set for people with two or more, with the hand-computed means', async () => {
    const r = await report();
    expect(r.answered.value).toBe(12);
    expect(r.cohort.value).toBe(10);
    const summary = r.measures.map((m) => ({ measure: m.measure, people: m.people.value, means: m.means, counts: [m.improved.value, m.same.value, m.worse.value] }));
    expect(summary).toEqual([
      { measure: 'lifeSatisfaction', people: 10, means: { first: 5, latest: 6, change: 1 }, counts: [5, 4, 1] },
      { measure: 'worthwhile', people: 10, means: { first: 5, latest: 5.5, change: 0.5 }, counts: [4, 5, 1] },
      { measure: 'happiness', people: 9, means: { first: 5, latest: 6, change: 1 }, counts: [7, 1, 1] },
      { measure: 'anxiety', people: 10, means: { first: 5, latest: 4, change: -1 }, counts: [5, 2, 3] },
    ]);
  });

  it('counts a fall in anxiety as improved, and says so', async () => {
    const anxiety = await measure('anxiety');
    expect(anxiety.betterWhen).toBe('lower');
    expect(anxiety.means!.change).toBe(-1);
    expect([anxiety.improved.value, anxiety.worse.value]).toEqual([5, 3]);
    expect((await measure('happiness')).betterWhen).toBe('higher');
    expect((await report()).note).toMatch(/anxiety, lower is better/);
  });

  it('shows means only for a measure at least the threshold of people answered, and counts under it as "<10"', async () => {
    const shown = publicOutcomes(await report());
    expect(shown.cohort).toBe('10');
    expect(shown.measures).toEqual([
      { measure: 'lifeSatisfaction', betterWhen: 'higher', people: '10', meanFirst: 5, meanLatest: 6, meanChange: 1, improved: '<10', same: '<10', worse: '<10' },
      { measure: 'worthwhile', betterWhen: 'higher', people: '10', meanFirst: 5, meanLatest: 5.5, meanChange: 0.5, improved: '<10', same: '<10', worse: '<10' },
      { measure: 'happiness', betterWhen: 'higher', people: '<10', meanFirst: null, meanLatest: null, meanChange: null, improved: null, same: null, worse: null },
      { measure: 'anxiety', betterWhen: 'lower', people: '10', meanFirst: 5, meanLatest: 4, meanChange: -1, improved: '<10', same: '<10', worse: '<10' },
    ]);
    expect(JSON.stringify(shown)).not.toMatch(/"[1-9]"/);
  });

  it('suppresses improved / same / worse as one line, so none follows from the people count', async () => {
    // At a threshold of 2: life satisfaction's 1 "worse" is hidden, and so the next smallest (4 the same) is too.
    const life = publicOutcomes(await report(2)).measures[0]!;
    expect([life.people, life.improved, life.same, life.worse]).toEqual(['10', '5', '*', '<2']);
  });

  it('hides everything but "<10" for a small service', async () => {
    const shown = publicOutcomes(await report(10, small));
    expect(shown.cohort).toBe('<10');
    for (const m of shown.measures) expect(m).toMatchObject({ people: '<10', meanFirst: null, meanLatest: null, meanChange: null, improved: null });
  });

  it("returns one person's completed sets in time order, and not another organisation's person", async () => {
    const sets = await personOutcomes(database.db, { organisationId, personId: people[0]! });
    expect(sets.map((s) => s.completedAt.toISOString())).toEqual(['2026-06-01T10:00:00.000Z', '2026-09-10T10:00:00.000Z', '2026-10-10T10:00:00.000Z', '2026-11-10T10:00:00.000Z']);
    expect(sets[3]).toMatchObject({ lifeSatisfaction: 5, worthwhile: 7, happiness: 4, anxiety: 4 });
    const error = await personOutcomes(database.db, { organisationId, personId: southPerson }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).kind).toBe('not-found');
  });

  describe('the CSV', () => {
    const csv = (pseudonymKey = KEY, org = organisationId) => outcomesCsv(database.db, { organisationId: org, from: FROM, to: TO, threshold: 10, pseudonymKey });
    const expectedPseudonym = (personId: string, key = KEY) => createHmac('sha256', key).update(personId).digest('hex').slice(0, 12);

    it('has one row per person in the cohort, first and latest month and scores', async () => {
      const lines = (await csv()).split('\r\n');
      expect(lines[0]).toBe('pseudonym,first_date,latest_date,life_satisfaction_first,life_satisfaction_latest,worthwhile_first,worthwhile_latest,happiness_first,happiness_latest,anxiety_first,anxiety_latest');
      expect(lines.slice(1, -1)).toHaveLength(10);
      expect(lines).toContain(`${expectedPseudonym(people[0]!)},2026-09,2026-11,2,5,5,7,3,4,8,4`);
      expect(lines).toContain(`${expectedPseudonym(people[9]!)},2026-10,2026-11,8,8,5,5,9,,2,4`);
    });

    it('uses stable pseudonyms that are not the ids, and nothing else about the person', async () => {
      const text = await csv();
      expect(await csv()).toBe(text);
      const pseudonyms = text.split('\r\n').slice(1, -1).map((line) => line.split(',')[0]!);
      expect(pseudonyms).toEqual([...people.map((id) => expectedPseudonym(id))].sort());
      for (const p of pseudonyms) expect(p).toMatch(/^[0-9a-f]{12}$/);
      for (const id of people) expect(text).not.toContain(id.slice(0, 8));
      expect(text).not.toMatch(/Maureen|\+447700/);
      // Another key, other pseudonyms: without the key they cannot be recomputed from ids.
      const other = await csv('a-different-key-of-some-length');
      expect(other.split('\r\n').slice(1, -1).map((line) => line.split(',')[0]).filter((p) => pseudonyms.includes(p!))).toEqual([]);
    });

    it('is refused for a cohort under the threshold', async () => {
      const error = await csv(KEY, small).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).kind).toBe('forbidden');
    });

    it('is refused with a short key', async () => {
      await expect(csv('short')).rejects.toThrow(/pseudonym key/);
    });
  });
});
