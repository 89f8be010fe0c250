/**
 * How people ask Lantern to pause, and the day they expect it to get back in touch.
 * Dates are local calendar dates (YYYY-MM-DD) in the person's zone. Unless a row says otherwise,
 * "now" is Tuesday 24 November 2026, 10:30 UTC, in Europe/London (GMT).
 */

export const TUESDAY_24_NOVEMBER_2026 = '2026-11-24T10:30:00Z';

export interface PauseDateCase {
  /** The message as the person sent it. */
  readonly text: string;
  /** The day to get back in touch, or null when the words give no usable date. */
  readonly expected: string | null;
  /** Defaults to TUESDAY_24_NOVEMBER_2026. */
  readonly now?: string;
  /** Defaults to Europe/London. */
  readonly timeZone?: string;
  /**
   * findWhen() keeps a shorter phrase than the resolver needs ("a week on Friday" → "on Friday"),
   * so the extracted phrase is not expected to give the same day. Say why.
   */
  readonly phraseDiffers?: string;
}

export const NOVEMBER_CASES: readonly PauseDateCase[] = [
  // durations: today + that long
  { text: 'can you pause for 2 weeks please', expected: '2026-12-08' },
  { text: 'give me a month x', expected: '2026-12-24' },
  { text: 'for a fortnight', expected: '2026-12-08' },
  { text: '2 wks pls', expected: '2026-12-08' },
  { text: 'pause 2wks', expected: '2026-12-08' },
  { text: 'can u leave it a few days', expected: '2026-11-27' },
  { text: 'need a couple of weeks off', expected: '2026-12-08' },
  { text: 'pause 10 days', expected: '2026-12-04' },
  { text: 'stop for 6 weeks while I sort things out', expected: '2027-01-05' },
  { text: 'leave it 3 months', expected: '2027-02-24' },
  { text: 'for a month and a half', expected: '2027-01-08', phraseDiffers: 'findWhen keeps "for a month"' },
  { text: 'a week or two', expected: '2026-12-08', phraseDiffers: 'findWhen keeps "a week"' },
  { text: 'i have 2 weeks off so can we pause', expected: '2026-12-08' },
  { text: 'pause for a year', expected: '2027-11-24' },
  { text: 'in 3 days', expected: '2026-11-27' },
  { text: 'for the next 2 weeks', expected: '2026-12-08' },
  // until a day or date: that day
  { text: 'pause until 3rd Dec', expected: '2026-12-03' },
  { text: 'on holiday til the 10th 🌴', expected: '2026-12-10' },
  { text: 'sorry can we pause, im in hospital til the 14th', expected: '2026-12-14' },
  { text: 'till the 31st', expected: '2026-12-31' },
  { text: 'back on the 2nd', expected: '2026-12-02' },
  { text: 'leave me till Monday', expected: '2026-11-30' },
  { text: 'til tues', expected: '2026-12-01' },
  { text: 'til weds x', expected: '2026-11-25' },
  { text: 'next tues', expected: '2026-12-01' },
  { text: 'pause til tmrw', expected: '2026-11-25' },
  { text: 'till the 3/1', expected: '2027-01-03' },
  { text: 'until 10/12', expected: '2026-12-10' },
  { text: 'til 10.12', expected: '2026-12-10' },
  { text: 'till 25.12.26', expected: '2026-12-25' },
  { text: 'im away til sat', expected: '2026-11-28' },
  { text: 'pause from the 3rd to the 10th', expected: '2026-12-10', phraseDiffers: 'findWhen keeps "from the 3rd"' },
  { text: 'till 1st feb', expected: '2027-02-01' },
  { text: 'until 3rd March', expected: '2027-03-03' },
  { text: 'pause til xmas pls', expected: '2026-12-25' },
  { text: 'until christmas eve', expected: '2026-12-24', phraseDiffers: 'findWhen keeps "until christmas"' },
  { text: "until new year's day", expected: '2027-01-01', phraseDiffers: 'findWhen keeps "until new year"' },
  { text: 'until easter', expected: '2027-03-28' },
  {
    text: 'a week on friday',
    expected: '2026-12-04',
    phraseDiffers: 'findWhen keeps "on friday", which is this Friday',
  },
  { text: 'friday week', expected: '2026-12-04' },
  // after: the day after
  { text: 'not till after Christmas thanks', expected: '2026-12-27' },
  { text: 'not til after crimbo hun xx', expected: '2026-12-27' },
  { text: 'over christmas and new year', expected: '2027-01-02', phraseDiffers: 'findWhen keeps "over christmas"' },
  { text: 'after boxing day', expected: '2026-12-27' },
  { text: 'no texts till after Easter', expected: '2027-03-30' },
  { text: 'after the 10th', expected: '2026-12-11' },
  // months, weeks, seasons, the new year
  { text: 'back in the new year', expected: '2027-01-02' },
  { text: 'text me again in January', expected: '2027-01-02' },
  { text: 'until next year', expected: '2027-01-02' },
  { text: 'text me next month', expected: '2026-12-01' },
  { text: 'can we stop until the end of the month', expected: '2026-12-01' },
  { text: 'until the end of january', expected: '2027-02-01' },
  { text: 'end of next month', expected: '2027-01-02' },
  { text: 'mid jan', expected: '2027-01-15' },
  { text: 'until next week', expected: '2026-11-30' },
  { text: 'pause over the weekend', expected: '2026-11-30' },
  { text: 'till the weekend', expected: '2026-11-30' },
  { text: 'till spring', expected: '2027-03-01' },
  { text: 'leave it till the summer', expected: '2027-06-01' },
  { text: 'text me in the winter', expected: '2026-12-01' },
  // whole messages with more than one time in them
  { text: 'busy this month, text me again in december', expected: '2026-12-01' },
  {
    text: 'been rough for 2 weeks tbh, pause till january',
    expected: '2027-01-02',
    phraseDiffers: 'findWhen takes the first time phrase, "for 2 weeks", which is the reason, not the return',
  },
  { text: 'pause from today for 2 weeks', expected: '2026-12-08' },
];

/** Other clocks: British Summer Time, just after midnight, New Year's Eve, a leap day, zones ahead of London. */
export const OTHER_NOW_CASES: readonly PauseDateCase[] = [
  // 23:30 UTC on Monday 15 June 2026 is 00:30 BST on Tuesday 16 June in London
  { text: 'pause till tomorrow', expected: '2026-06-17', now: '2026-06-15T23:30:00Z' },
  { text: 'for 2 weeks', expected: '2026-06-30', now: '2026-06-15T23:30:00Z' },
  { text: 'until next week', expected: '2026-06-22', now: '2026-06-15T23:30:00Z' },
  { text: 'till after christmas', expected: '2026-12-27', now: '2026-06-15T23:30:00Z' },
  // 23:30 UTC on 24 November is already Wednesday 25 November in Berlin
  { text: 'till tomorrow', expected: '2026-11-26', now: '2026-11-24T23:30:00Z', timeZone: 'Europe/Berlin' },
  { text: 'til wednesday', expected: '2026-12-02', now: '2026-11-24T23:30:00Z', timeZone: 'Europe/Berlin' },
  // New Year's Eve, late evening in London (GMT)
  { text: 'back in the new year', expected: '2027-01-02', now: '2026-12-31T22:30:00Z' },
  { text: 'for 2 weeks', expected: '2027-01-14', now: '2026-12-31T22:30:00Z' },
  { text: 'next month', expected: '2027-01-02', now: '2026-12-31T22:30:00Z' },
  { text: 'till monday', expected: '2027-01-04', now: '2026-12-31T22:30:00Z' },
  { text: 'till the 3/1', expected: '2027-01-03', now: '2026-12-31T22:30:00Z' },
  // the same instant is already 1 January 2027 in Berlin
  { text: 'in the new year', expected: '2027-01-02', now: '2026-12-31T23:30:00Z', timeZone: 'Europe/Berlin' },
  // a leap day
  { text: 'give me a year', expected: '2029-02-28', now: '2028-02-29T12:00:00Z' },
  { text: 'a month', expected: '2028-03-29', now: '2028-02-29T12:00:00Z' },
  { text: 'till the 30th', expected: '2028-03-30', now: '2028-02-29T12:00:00Z' },
  { text: 'after easter', expected: '2028-04-18', now: '2028-02-29T12:00:00Z' },
  // the nights the clocks change in London (29 March and 25 October 2026)
  { text: 'for a week', expected: '2026-04-04', now: '2026-03-28T23:30:00Z' },
  { text: 'for a week', expected: '2026-04-05', now: '2026-03-29T00:30:00Z' },
  { text: 'tomorrow', expected: '2026-10-26', now: '2026-10-25T00:30:00Z' },
  // summer, said in summer
  { text: 'back after the summer', expected: '2026-09-01', now: '2026-07-10T09:00:00Z' },
];

/** Nothing to resolve, or nothing Lantern should act on. */
export const NO_DATE_CASES: readonly PauseDateCase[] = [
  { text: 'leave me alone for a bit x', expected: null },
  { text: 'give me a while', expected: null },
  { text: 'i need some time', expected: null },
  { text: 'till after my operation', expected: null },
  { text: 'till the 31st of February', expected: null },
  { text: 'pause for 2 years', expected: null },
  { text: 'until 3rd March 2020', expected: null },
  { text: 'text me before christmas', expected: null },
  { text: 'feeling 4/10 can we pause', expected: null },
  { text: 'pause tonight', expected: null },
  { text: 'till 29th feb', expected: null },
  { text: '', expected: null },
  { text: '😴😴', expected: null },
];
