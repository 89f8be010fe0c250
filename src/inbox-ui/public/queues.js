// The queue tabs (Waiting, Mine, Paused, Everyone) and their rows.

import { byId, fill, h } from './dom.js';
import { briefDate, channelName, howLong, minutesWords, personName } from './words.js';

export const QUEUE_NAMES = ['waiting', 'mine', 'paused', 'everyone'];

const TITLES = { waiting: 'Waiting', mine: 'Mine', paused: 'Paused', everyone: 'Everyone' };

const ABOUT = {
  waiting: 'People who asked for a coach. Urgent first, then whoever has waited longest.',
  mine: 'People you are with. Whoever is waiting for your reply comes first.',
  paused: 'People taking a break from Lantern. Soonest back first.',
  everyone: 'Everyone, most recent first.',
};

const EMPTY = {
  waiting: 'Nobody is waiting for a coach right now.',
  mine: 'Nobody is with you at the moment. Claim someone from Waiting when they ask.',
  paused: 'Nobody is taking a break.',
  everyone: 'Nobody has been in touch yet.',
};

export function queueTitle(queue) {
  return TITLES[queue] || TITLES.waiting;
}

/** Tabs follow the ARIA tabs pattern: one tab stop, arrow keys, Home and End move between them. */
export function wireTabs(choose) {
  const tabs = [...byId('queue-tabs').querySelectorAll('[role="tab"]')];
  for (const tab of tabs) tab.addEventListener('click', () => choose(tab.dataset.queue));
  byId('queue-tabs').addEventListener('keydown', (event) => {
    const index = tabs.indexOf(document.activeElement);
    if (index < 0) return;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    tab.focus();
    choose(tab.dataset.queue);
  });
}

export function showQueueChoice(queue, search) {
  for (const tab of byId('queue-tabs').querySelectorAll('[role="tab"]')) {
    const selected = tab.dataset.queue === queue;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
  }
  byId('queue-panel').setAttribute('aria-labelledby', `tab-${queue}`);
  byId('queue-about').textContent = ABOUT[queue];
  byId('search-form').hidden = queue !== 'everyone';
  byId('first-reply-waits').hidden = queue !== 'waiting' || !byId('first-reply-waits').textContent;
  const input = byId('search-input');
  if (document.activeElement !== input) input.value = search || '';
}

/** Counts on the tabs: "Waiting, 3". A full page of rows may mean more. */
export function showCounts(counts) {
  for (const badge of byId('queue-tabs').querySelectorAll('[data-count]')) {
    const count = counts[badge.dataset.count];
    fill(badge, typeof count === 'number' ? [h('span', { class: 'visually-hidden' }, ', '), count >= 100 ? '100+' : String(count)] : []);
    badge.hidden = typeof count !== 'number';
  }
}

/** Draws the rows, keeping keyboard focus on the same person's row if it was on one. */
export function showRows(rows, { queue, openPersonId, search, now }) {
  const list = byId('queue-list');
  const focused = document.activeElement && list.contains(document.activeElement) ? document.activeElement.dataset.person : null;
  const query = `?queue=${queue}${queue === 'everyone' && search ? `&search=${encodeURIComponent(search)}` : ''}`;
  fill(list, rows.map((row) => queueRow(row, queue, query, openPersonId, now)));
  const empty = byId('queue-empty');
  empty.hidden = rows.length > 0;
  empty.textContent = queue === 'everyone' && search ? `Nobody matches “${search}”.` : EMPTY[queue];
  if (focused) list.querySelector(`a[data-person="${CSS.escape(focused)}"]`)?.focus({ preventScroll: true });
}

function queueRow(row, queue, query, openPersonId, now) {
  const badges = rowBadges(row, queue);
  return h('li', {},
    h('a', {
      class: `queue-row${row.flags.urgent ? ' is-urgent' : ''}`,
      href: `/inbox/people/${encodeURIComponent(row.personId)}${query}`,
      'data-person': row.personId,
      'aria-current': row.personId === openPersonId ? 'page' : null,
    },
      h('span', { class: 'row-line' },
        h('span', { class: 'row-name' }, personName(row.name, row.channel)),
        rowTime(row, queue, now)),
      h('span', { class: 'row-line row-detail' },
        h('span', { class: 'row-channel' }, channelName(row.channel)),
        row.lastMessage ? h('span', { class: 'row-preview' }, row.lastMessage.fromPerson ? '' : h('span', { class: 'row-reply' }, 'Reply: '), row.lastMessage.preview) : null),
      badges.length ? h('span', { class: 'badges' }, badges) : null));
}

function rowTime(row, queue, now) {
  if ((queue === 'waiting' || queue === 'mine') && row.waitingSince) {
    const label = queue === 'waiting' ? 'waiting ' : 'waiting for your reply ';
    return h('span', { class: `row-time${queue === 'mine' ? ' needs-reply' : ''}` },
      h('span', { class: queue === 'mine' ? '' : 'visually-hidden' }, queue === 'mine' ? 'Needs reply · ' : label),
      howLong(row.waitingSince, now));
  }
  if (row.lastMessage) return h('span', { class: 'row-time' }, h('span', { class: 'visually-hidden' }, 'last message '), `${howLong(row.lastMessage.at, now)} ago`);
  return null;
}

function rowBadges(row, queue) {
  const badges = [];
  if (row.flags.urgent) badges.push(badge('urgent', 'Urgent'));
  if (row.flags.deliveryFailed) badges.push(badge('failed', 'Not delivered'));
  if (row.flags.optedOut) badges.push(badge('opted-out', 'Opted out'));
  if (row.flags.paused) badges.push(badge('paused', row.pausedUntil ? `Paused until ${briefDate(row.pausedUntil)}` : 'Paused'));
  if (queue === 'everyone' && row.handoffState === 'WAITING') badges.push(badge('state', 'Waiting'));
  if (queue === 'everyone' && row.handoffState === 'WITH_COACH' && row.assignedCoach) badges.push(badge('state', `With ${row.assignedCoach.name}`));
  return badges;
}

export function badge(kind, text) {
  return h('span', { class: `badge badge-${kind}` }, text);
}

/** Under Waiting: how long people have lately waited for a first reply from a coach. */
export function showFirstReplyWaits(waits, queue) {
  const line = byId('first-reply-waits');
  line.textContent = waits.answered === 0
    ? `Nobody has had a first reply from a coach in the last ${waits.days} days.`
    : `Last ${waits.days} days: first replies came after ${minutesWords(waits.medianMinutes)} (median); nine in ten within ${minutesWords(waits.p90Minutes)}.`;
  line.hidden = queue !== 'waiting';
}
