import { createHmac } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/client';
import { localDateOf } from '../../lib/calendar';
import { AppError } from '../../lib/errors';
import { suppressCount, suppressTable, type ShownCount } from './suppression';

/** The ONS4 personal wellbeing questions, each 0-10. */
export const MEASURES = ['lifeSatisfaction', 'worthwhile', 'happiness', 'anxiety'] as const;
export type Measure = (typeof MEASURES)[number];
/** For anxiety a lower score is better; for the other three, higher. */
export const BETTER_WHEN: Readonly<Record<Measure, 'higher' | 'lower'>> = { lifeSatisfaction: 'higher', worthwhile: 'higher', happiness: 'higher', anxiety: 'lower' };
export const DIRECTION_NOTE = 'Change is latest minus first. For anxiety, lower is better: a fall in anxiety counts as improved.';

export interface AnswerSet {
  id: string;
  completedAt: Date;
  lifeSatisfaction: number | null;
  worthwhile: number | null;
  happiness: number | null;
  anxiety: number | null;
}

export interface MeasureOutcome {
  measure: Measure;
  betterWhen: 'higher' | 'lower';
  /** People who answered this question in both their first and latest set. */
  people: ShownCount;
  /** True means, for inside Lantern only (null when nobody answered); publicOutcomes hides them for a small group. */
  means: { first: number; latest: number; change: number } | null;
  improved: ShownCount;
  same: ShownCount;
  worse: ShownCount;
}

export interface OutcomesReport {
  from: Date;
  to: Date;
  threshold: number;
  /** People with at least one completed set in the period. */
  answered: ShownCount;
  /** People with two or more: the cohort whose first and latest sets are compared. */
  cohort: ShownCount;
  measures: MeasureOutcome[];
  note: string;
}

interface PeriodOptions {
  organisationId: string;
  from: Date;
  to: Date;
}

const SET_FIELDS = { id: true, personId: true, completedAt: true, lifeSatisfaction: true, worthwhile: true, happiness: true, anxiety: true } as const;

/** Completed sets in the period, per person, oldest first. */
async function setsByPerson(db: Db, options: PeriodOptions): Promise<Map<string, AnswerSet[]>> {
  const rows = await db.wellbeingAnswers.findMany({
    where: { person: { organisationId: options.organisationId }, completedAt: { gte: options.from, lt: options.to } },
    select: SET_FIELDS,
    orderBy: [{ completedAt: 'asc' }, { id: 'asc' }],
  });
  const byPerson = new Map<string, AnswerSet[]>();
  for (const { personId, completedAt, ...answers } of rows) {
    const sets = byPerson.get(personId) ?? byPerson.set(personId, []).get(personId)!;
    sets.push({ ...answers, completedAt: completedAt as Date });
  }
  return byPerson;
}

/**
 * Wellbeing for the cohort: first against latest completed set for everyone with two or more
 * in the period. A question left unanswered in either set leaves that person out of that
 * measure only (answers are offered, never forced). Counts of improved / same / worse are one
 * suppressed line whose total is the people count, so none can be subtracted out.
 */
export async function outcomes(db: Db, options: PeriodOptions & { threshold: number }): Promise<OutcomesReport> {
  const byPerson = await setsByPerson(db, options);
  const cohort = [...byPerson.values()].filter((sets) => sets.length >= 2);
  const measures = MEASURES.map((measure): MeasureOutcome => {
    const pairs = cohort.flatMap((sets) => {
      const first = sets[0]![measure];
      const latest = sets[sets.length - 1]![measure];
      return first === null || latest === null ? [] : [{ first, latest }];
    });
    const better = (p: { first: number; latest: number }) => (BETTER_WHEN[measure] === 'higher' ? p.latest - p.first : p.first - p.latest);
    const table = suppressTable([[pairs.filter((p) => better(p) > 0).length, pairs.filter((p) => better(p) === 0).length, pairs.filter((p) => better(p) < 0).length]], options.threshold);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    const [improved, same, worse] = table.cells[0] as [ShownCount, ShownCount, ShownCount];
    return {
      measure,
      betterWhen: BETTER_WHEN[measure],
      people: table.rowTotals[0]!,
      means: pairs.length === 0 ? null : { first: mean(pairs.map((p) => p.first)), latest: mean(pairs.map((p) => p.latest)), change: mean(pairs.map((p) => p.latest - p.first)) },
      improved,
      same,
      worse,
    };
  });
  return {
    from: options.from,
    to: options.to,
    threshold: options.threshold,
    answered: suppressCount(byPerson.size, options.threshold),
    cohort: suppressCount(cohort.length, options.threshold),
    measures,
    note: DIRECTION_NOTE,
  };
}

/** For people outside Lantern: shown strings only; a measure fewer than threshold people answered has no means and no breakdown. */
export function publicOutcomes(report: OutcomesReport) {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    from: report.from,
    to: report.to,
    threshold: report.threshold,
    answered: report.answered.shown,
    cohort: report.cohort.shown,
    measures: report.measures.map((m) => {
      const shown = !m.people.hidden && m.means !== null;
      return {
        measure: m.measure,
        betterWhen: m.betterWhen,
        people: m.people.shown,
        meanFirst: shown ? round(m.means!.first) : null,
        meanLatest: shown ? round(m.means!.latest) : null,
        meanChange: shown ? round(m.means!.change) : null,
        // How a handful of people fared is as telling as their means.
        improved: m.people.hidden ? null : m.improved.shown,
        same: m.people.hidden ? null : m.same.shown,
        worse: m.people.hidden ? null : m.worse.shown,
      };
    }),
    note: report.note,
  };
}

/** One person's completed sets, oldest first, for the chart on their record. */
export async function personOutcomes(db: Db, options: { organisationId: string; personId: string }): Promise<AnswerSet[]> {
  const person = await db.person.findFirst({ where: { id: options.personId, organisationId: options.organisationId }, select: { id: true } });
  if (!person) throw new AppError('not-found', 'No such person');
  const rows = await db.wellbeingAnswers.findMany({ where: { personId: person.id, completedAt: { not: null } }, select: SET_FIELDS, orderBy: [{ completedAt: 'asc' }, { id: 'asc' }] });
  return rows.map(({ personId: _, completedAt, ...answers }) => ({ ...answers, completedAt: completedAt as Date }));
}

/** A stable pseudonym: the same person and key always give the same 12 hex characters; without the key it cannot be traced back. */
export function pseudonymOf(personId: string, key: string): string {
  return createHmac('sha256', key).update(personId).digest('hex').slice(0, 12);
}

export const OUTCOMES_CSV_COLUMNS = ['pseudonym', 'first_date', 'latest_date', ...MEASURES.flatMap((m) => [`${snake(m)}_first`, `${snake(m)}_latest`])] as const;
function snake(name: string) {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * First and latest sets per person in the cohort, pseudonymous: no id, name, phone or exact
 * date (months only), rows in pseudonym order so they do not follow when people joined.
 * Refused (AppError 'forbidden') when the cohort is smaller than the threshold: row-level data
 * about a handful of people can identify them, and an empty file with a note in it could be
 * passed on as if it were the data.
 */
export async function outcomesCsv(db: Db, options: PeriodOptions & { threshold: number; pseudonymKey: string; timeZone?: string }): Promise<string> {
  // An empty or short key would make pseudonyms a plain hash of the id: anyone with ids could reverse them.
  if (options.pseudonymKey.length < 16) throw new Error('outcomesCsv needs a pseudonym key of at least 16 characters');
  const cohort = [...(await setsByPerson(db, options)).entries()].filter(([, sets]) => sets.length >= 2);
  if (cohort.length < options.threshold) {
    throw new AppError('forbidden', `Fewer than ${options.threshold} people answered the wellbeing questions twice in this period, so the export could identify someone`, { threshold: options.threshold });
  }
  const timeZone = options.timeZone ?? 'Europe/London';
  const month = (at: Date) => {
    const d = localDateOf(at, timeZone);
    return `${d.year}-${String(d.month).padStart(2, '0')}`;
  };
  const answer = (n: number | null) => (n === null ? '' : String(n));
  const rows = cohort.map(([personId, sets]) => {
    const first = sets[0]!;
    const latest = sets[sets.length - 1]!;
    return [pseudonymOf(personId, options.pseudonymKey), month(first.completedAt), month(latest.completedAt), ...MEASURES.flatMap((m) => [answer(first[m]), answer(latest[m])])];
  });
  rows.sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  return stringify([[...OUTCOMES_CSV_COLUMNS], ...rows], { record_delimiter: 'windows' });
}
