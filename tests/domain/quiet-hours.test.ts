import { nextCheckInDue } from '../../src/domain/schedules/check-in-rhythm';
import { nextAllowedTime, parseQuietDays } from '../../src/domain/schedules/quiet-hours';

const london = (quietDays: number[] = []) => ({ timeZone: 'Europe/London', quietHours: { start: '20:00', end: '09:00' }, quietDays });
const at = (iso: string) => new Date(iso);

describe('quiet hours: when an unprompted text may go', () => {
  it.each([
    ['inside the day, at once', '2026-11-24T10:30:00Z', '2026-11-24T10:30:00.000Z'],
    ['late evening, the next morning', '2026-11-24T21:00:00Z', '2026-11-25T09:00:00.000Z'],
    ['just after midnight, that morning', '2026-11-25T00:10:00Z', '2026-11-25T09:00:00.000Z'],
    ['in summer time, 09:00 London is 08:00 UTC', '2026-06-10T06:00:00Z', '2026-06-10T08:00:00.000Z'],
    ['the morning the clocks go forward', '2026-03-29T05:00:00Z', '2026-03-29T08:00:00.000Z'],
    ['at 20:00 sharp the window has closed', '2026-11-24T20:00:00Z', '2026-11-25T09:00:00.000Z'],
  ])('%s', (_name, now, expected) => {
    expect(nextAllowedTime(at(now), london()).toISOString()).toBe(expected);
  });

  it('skips the quiet days a person chose (Saturday and Sunday)', () => {
    // Friday 27 November 2026, 21:00: not Saturday or Sunday, but Monday morning.
    expect(nextAllowedTime(at('2026-11-27T21:00:00Z'), london([6, 0])).toISOString()).toBe('2026-11-30T09:00:00.000Z');
  });

  it('reads stored quiet days and ignores nonsense', () => {
    expect(parseQuietDays('6,0')).toEqual([6, 0]);
    expect(parseQuietDays('')).toEqual([]);
    expect(parseQuietDays('7, x, 3')).toEqual([3]);
  });
});

describe('the next check-in nudge for a rhythm', () => {
  // Tuesday 24 November 2026.
  const now = at('2026-11-24T10:30:00Z');
  it.each([
    ['every Monday', 'WEEKLY', 1, '2026-11-30T10:00:00.000Z'],
    ['weekly, no day', 'WEEKLY', null, '2026-12-01T10:00:00.000Z'],
    ['every Tuesday (today): next week', 'WEEKLY', 2, '2026-12-01T10:00:00.000Z'],
    ['fortnightly on Friday', 'FORTNIGHTLY', 5, '2026-12-04T10:00:00.000Z'],
    ['monthly', 'MONTHLY', null, '2026-12-24T10:00:00.000Z'],
  ] as const)('%s', (_name, rhythm, day, expected) => {
    expect(nextCheckInDue(now, rhythm, day, 'Europe/London')?.toISOString()).toBe(expected);
  });

  it('is never when they asked us only to answer', () => {
    expect(nextCheckInDue(now, 'ONLY_WHEN_I_WRITE', null, 'Europe/London')).toBeNull();
  });
});
