// An admin's view of who opened or changed a person's record. Read only when opened: reading it
// is not itself a view of the person's details.

import { getJson } from './api.js';
import { byId, fill, h } from './dom.js';
import { when } from './words.js';

const ACTIONS = {
  'person.viewed': 'opened the record',
  'person.exported': 'downloaded the whole record',
  'person.channels-linked': 'linked web chat with their phone',
  'person.erased': 'erased the record',
  'conversation.claimed': 'claimed the conversation',
  'conversation.assigned': 'assigned the conversation to a colleague',
  'conversation.replied': 'replied',
  'conversation.handed-back': 'handed back to the bot',
  'note.added': 'added a private note',
  'support.paused': 'paused support',
  'support.resumed': 'resumed support',
  'flag.resolved': 'resolved an urgent flag',
};

function who(event) {
  if (event.actorName) return event.actorName;
  if (event.actorType === 'api-token') return 'An API token';
  if (event.actorType === 'person') return 'The person';
  if (event.actorType === 'system') return 'Lantern';
  return 'Someone no longer here';
}

/** Shows the section to admins only, and loads the trail each time it is opened. */
export function wireAuditTrail(me, personId) {
  const isAdmin = me.role === 'ADMIN';
  byId('audit-section').hidden = !isAdmin;
  if (!isAdmin) return;
  const details = byId('audit-details');
  details.addEventListener('toggle', async () => {
    if (!details.open) return;
    const id = personId();
    byId('audit-error').textContent = '';
    try {
      const { events } = await getJson(`/api/people/${encodeURIComponent(id)}/audit`);
      if (id !== personId()) return;
      fill(byId('audit-list'), events.length === 0
        ? h('li', { class: 'hint' }, 'Nothing recorded yet.')
        : events.slice().reverse().map((event) => h('li', {}, h('span', { class: 'hint' }, `${when(event.at)}: `), `${who(event)} ${ACTIONS[event.action] || event.action}`)));
    } catch (error) {
      if (error.status !== 401) byId('audit-error').textContent = error.message;
    }
  });
}

/** A different person is open: close the trail so it is re-read for them. */
export function closeAuditTrail() {
  byId('audit-details').open = false;
  fill(byId('audit-list'));
}
