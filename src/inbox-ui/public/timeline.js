// The whole conversation as one list: the person's messages on the left, the bot's and the
// coaches' on the right, told apart in words as well as colour, each outbound one with how far
// it got.

import { byId, fill, h } from './dom.js';
import { channelName, clockTime, dayName, deliveryStatus } from './words.js';

let drawnTimeline = '';

/** Forgets what is drawn, so the next person's timeline starts at its newest message. */
export function forgetTimeline() {
  drawnTimeline = '';
}

export function showTimeline(record, { name, me }) {
  const list = byId('timeline');
  const signature = JSON.stringify([record.person.id, record.messages.map((m) => [m.id, m.status, m.errorCode])]);
  if (signature === drawnTimeline) return;
  const atBottom = drawnTimeline === '' || list.scrollHeight - list.scrollTop - list.clientHeight < 60;
  drawnTimeline = signature;
  byId('timeline-heading').textContent = `Messages with ${name}`;
  const severalChannels = new Set(record.messages.map((m) => m.channel)).size > 1;
  const items = [];
  let day = '';
  for (const message of record.messages) {
    const thisDay = dayName(message.at);
    if (thisDay !== day) {
      day = thisDay;
      items.push(h('li', { class: 'day' }, h('span', {}, thisDay)));
    }
    items.push(messageItem(message, name, me, severalChannels));
  }
  if (items.length === 0) items.push(h('li', { class: 'day' }, h('span', {}, 'No messages yet')));
  fill(list, items);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

function messageItem(message, name, me, severalChannels) {
  const status = message.direction === 'OUTBOUND' ? deliveryStatus(message.status) : null;
  return h('li', { class: `message from-${String(message.author).toLowerCase()}` },
    h('p', { class: 'message-meta' },
      h('span', { class: 'message-author' }, authorName(message, name, me)),
      ' ',
      h('time', { datetime: new Date(message.at).toISOString() }, clockTime(message.at)),
      severalChannels ? ` · ${channelName(message.channel)}` : ''),
    h('p', { class: 'message-body' }, message.body),
    status ? h('p', { class: `message-status status-${String(message.status).toLowerCase()}` },
      h('span', { class: 'visually-hidden' }, 'Delivery: '),
      status,
      message.errorCode ? ` (code ${message.errorCode})` : '') : null);
}

function authorName(message, name, me) {
  if (message.author === 'PERSON') return name;
  if (message.author === 'BOT') return 'Lantern (bot)';
  if (message.coachName && message.coachName === me.name) return `You (${message.coachName})`;
  return message.coachName ? `${message.coachName} (coach)` : 'A coach';
}
