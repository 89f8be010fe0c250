// Plain words for what the API says in codes: channels, delivery, categories, times.

const CHANNELS = { SMS: 'SMS', WEB_CHAT: 'Web chat', AZURE: 'Teams' };

export function channelName(channel) {
  return CHANNELS[channel] || 'Unknown channel';
}

/** A person's preferred name, or "Someone new" with how they reached us. */
export function personName(name, channel) {
  if (name) return name;
  return channel ? `Someone new (${channelName(channel)})` : 'Someone new';
}

const STATUSES = {
  QUEUED: 'Queued',
  SENDING: 'Sending',
  SENT: 'Sent',
  DELIVERED: 'Delivered',
  READ: 'Read',
  UNDELIVERED: 'Not delivered',
  FAILED: 'Failed',
};

/** How far an outbound message got, in words; null for what the person sent. */
export function deliveryStatus(status) {
  return STATUSES[status] || null;
}

const CATEGORIES = {
  PERSONAL_QUALITIES: 'Personal qualities',
  KNOWLEDGE_AND_SKILLS: 'Knowledge and skills',
  RELATIONSHIPS: 'Relationships',
  PASSIONS_AND_INTERESTS: 'Passions and interests',
  NEIGHBOURS: 'Neighbours',
  COMMUNITY_GROUPS: 'Community groups',
  SHARED_INTEREST_GROUPS: 'Shared-interest groups',
  COMMUNITY_LEADERS: 'Community leaders',
  HEALTH: 'Health',
  MONEY: 'Money',
  HOUSING: 'Housing',
  TRANSPORT: 'Transport',
  CARE_SERVICES: 'Health and care services',
  LEISURE: 'Leisure',
  SCHOOLS: 'Schools',
  COMMUNITY_BUILDINGS: 'Community buildings',
  OTHER: 'Other things',
};
export const CATEGORY_ORDER = Object.keys(CATEGORIES);

export function categoryName(category) {
  return CATEGORIES[category] || sentenceCase(category);
}

function sentenceCase(code) {
  const words = String(code || '').toLowerCase().replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const RHYTHMS = {
  ONLY_WHEN_I_WRITE: 'Only when they write',
  WEEKLY: 'Every week',
  FORTNIGHTLY: 'Every two weeks',
  MONTHLY: 'Every month',
};
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function rhythmName(rhythm, day) {
  const words = RHYTHMS[rhythm] || sentenceCase(rhythm);
  return typeof day === 'number' && DAYS[day] && rhythm !== 'ONLY_WHEN_I_WRITE' ? `${words}, on ${DAYS[day]}s` : words;
}

const FLAG_REASONS = {
  'crisis-message': 'Something they wrote suggested they may be at risk',
  coach: 'Raised by a coach',
  'delivery-failed': 'Messages are not reaching them',
};

/** "crisis-message: self-harm" → "Something they wrote suggested they may be at risk (self-harm)". */
export function flagReason(reason) {
  const [kind, ...rest] = String(reason || '').split(':');
  const detail = rest.join(':').trim().replace(/-/g, ' ');
  const words = FLAG_REASONS[kind.trim()] || sentenceCase(kind.trim().replace(/-/g, '_'));
  return detail ? `${words} (${detail})` : words;
}

const ROLES = { COACH: 'Coach', ADMIN: 'Admin', PRACTICE: 'Practice' };
export function roleName(role) {
  return ROLES[role] || sentenceCase(role);
}

/** "under a minute", "12 min", "3 h", "2 days": how long since `since`. */
export function howLong(since, now = Date.now()) {
  const ms = Math.max(0, now - new Date(since).getTime());
  const minutes = Math.floor(ms / 60000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.floor(hours / 24);
  return days === 1 ? '1 day' : `${days} days`;
}

/** 5 → "5 min", 95 → "1 h 35 min", 3000 → "2 days 2 h". */
export function minutesWords(total) {
  const minutes = Math.max(0, Math.round(total));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const rest = hours % 24 ? ` ${hours % 24} h` : '';
  return `${days === 1 ? '1 day' : `${days} days`}${rest}`;
}

const timeOfDay = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const dayAndMonth = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const longDate = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long' });
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short' });

function sameDay(a, b) {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();
}

/** "Today", "Yesterday", "Mon 3 Mar", or with the year when it is not this year. */
export function dayName(at, now = new Date()) {
  const date = new Date(at);
  if (sameDay(date, now)) return 'Today';
  const yesterday = new Date(now);
  yesterday.setDate(now.getDate() - 1);
  if (sameDay(date, yesterday)) return 'Yesterday';
  return date.getFullYear() === now.getFullYear() ? dayAndMonth.format(date) : dayMonthYear.format(date);
}

export function clockTime(at) {
  return timeOfDay.format(new Date(at));
}

/** "Today 14:05", "Mon 3 Mar 09:12". */
export function when(at, now = new Date()) {
  return `${dayName(at, now)} ${clockTime(at)}`;
}

/** "Monday 14 April". */
export function fullDate(at) {
  return longDate.format(new Date(at));
}

/** "14 Apr". */
export function briefDate(at) {
  return shortDate.format(new Date(at));
}

/** A local calendar date as the date input and the pause API want it: "2026-04-14". */
export function isoDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

// GSM-7's basic set, and the characters that take two places in it. Anything else makes a text
// Unicode, which holds 70 characters instead of 160.
const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** How many texts a reply will take on SMS (what the person may pay to receive, on some plans). */
export function smsParts(text) {
  let units = 0;
  let unicode = false;
  for (const character of text) {
    if (GSM_BASIC.includes(character)) units += 1;
    else if (GSM_EXTENDED.includes(character)) units += 2;
    else unicode = true;
  }
  const length = unicode ? [...text].length : units;
  if (length === 0) return 0;
  const [single, part] = unicode ? [70, 67] : [160, 153];
  return length <= single ? 1 : Math.ceil(length / part);
}
