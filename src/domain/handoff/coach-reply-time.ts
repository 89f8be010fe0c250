// Telling a person honestly when a coach is likely to reply, from the configured office hours.

export interface OfficeHours {
  start: string; // "09:00"
  end: string; // "17:00"
  days: number[]; // 0 = Sunday
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The local weekday and minutes past midnight of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const day = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

export function toMinutes(clock: string): number {
  const [hours, minutes] = clock.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

function spokenTime(clock: string): string {
  const minutes = toMinutes(clock);
  const hour = Math.floor(minutes / 60);
  const suffix = hour < 12 ? 'am' : 'pm';
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return minutes % 60 === 0 ? `${twelve}${suffix}` : `${twelve}:${String(minutes % 60).padStart(2, '0')}${suffix}`;
}

/** "today, usually within a few hours" / "tomorrow after 9am" / "on Monday after 9am". */
export function whenCoachLikelyReplies(now: Date, hours: OfficeHours, timeZone: string): string {
  const { day, minutes } = localTime(now, timeZone);
  const open = toMinutes(hours.start);
  const close = toMinutes(hours.end);
  if (hours.days.includes(day) && minutes >= open && minutes < close - 30) return 'today, usually within a few hours';
  if (hours.days.includes(day) && minutes < open) return `today after ${spokenTime(hours.start)}`;
  for (let ahead = 1; ahead <= 7; ahead += 1) {
    const next = (day + ahead) % 7;
    if (hours.days.includes(next)) return `${ahead === 1 ? 'tomorrow' : `on ${DAY_NAMES[next]}`} after ${spokenTime(hours.start)}`;
  }
  return 'as soon as a coach is free';
}
