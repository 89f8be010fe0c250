// Telling the coach what happened without their looking: the page's live region (read out by
// screen readers) and, when they asked for them, system notifications.

import { byId, h } from './dom.js';
import { notify } from './live.js';
import { personName } from './words.js';

/** Who was waiting and who was urgent at the last look (null before the first: nothing is "new" on opening). */
let waitingIds = null;
let urgentIds = null;
let lastSeq = { personId: null, seq: 0 };

export function announce(text) {
  const region = byId('announcer');
  region.append(h('p', {}, text));
  while (region.childElementCount > 5) region.firstElementChild.remove();
}

/** Reads out what the open person wrote since the last look. */
export function announceNewMessages(record) {
  const latest = record.messages.reduce((max, message) => Math.max(max, message.seq), 0);
  if (lastSeq.personId === record.person.id && lastSeq.seq > 0) {
    const name = personName(record.person.name, record.person.lastChannel);
    for (const message of record.messages) {
      if (message.seq > lastSeq.seq && message.author === 'PERSON') announce(`${name} wrote: ${message.body}`);
    }
  }
  lastSeq = { personId: record.person.id, seq: latest };
}

/** Someone new in Waiting, or newly urgent in Waiting or Mine. */
export function announceArrivals(waiting, mine) {
  const urgent = [...waiting, ...mine].filter((row) => row.flags.urgent);
  if (waitingIds && urgentIds) {
    const newcomers = waiting.filter((row) => !waitingIds.has(row.personId));
    const newlyUrgent = urgent.filter((row) => !urgentIds.has(row.personId));
    for (const row of newlyUrgent) announce(`Urgent: ${personName(row.name, row.channel)} may need a coach now.`);
    for (const row of newcomers) if (!row.flags.urgent) announce(`${personName(row.name, row.channel)} is waiting for a coach.`);
    // Notifications carry no names or words: the screen may be seen by others.
    if (newlyUrgent.length) notify('Lantern: urgent', 'Someone may need a coach now.', 'lantern-urgent');
    else if (newcomers.length) notify('Lantern: someone is waiting', 'Someone has asked to talk to a coach.', 'lantern-waiting');
  }
  waitingIds = new Set(waiting.map((row) => row.personId));
  urgentIds = new Set(urgent.map((row) => row.personId));
}
