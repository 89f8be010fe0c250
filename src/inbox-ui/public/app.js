// Lantern's coach inbox: signs the coach in, then keeps the queues and the open conversation
// current from the server's event stream (with a once-a-minute refresh in case it drops).
// Plain ES modules, no build step; everything personal is drawn as text, never as HTML.

import { getJson, onSignedOut, postJson } from './api.js';
import { clearConversation, showConversation, wireConversation } from './conversation.js';
import { byId } from './dom.js';
import { announceArrivals, announceNewMessages } from './announcements.js';
import { listenForChanges, oneAtATime, signOutWhenIdle, wireNotifyButton } from './live.js';
import { QUEUE_NAMES, queueTitle, showCounts, showFirstReplyWaits, showQueueChoice, showRows, wireTabs } from './queues.js';
import { sessionEnded, showView, signedIn, signOut } from './session.js';
import { closeAuditTrail, wireAuditTrail } from './audit-trail.js';
import { findNearby, forgetSuggestions, showConnections, wireConnections } from './connect.js';
import { openDirectory } from './directory.js';
import { openPracticeView } from './practice.js';
import { openReport } from './report.js';
import { fillRhythmForm, wireRhythmForm } from './rhythm-form.js';
import { forgetDrawn, showSide } from './side-panel.js';
import { personName } from './words.js';

const FALLBACK_REFRESH_MS = 60_000;
const REFRESH_DELAY_MS = 150;
/** The queues whose counts show on the tabs. */
const COUNTED = ['waiting', 'mine', 'paused'];

const state = {
  me: null,
  queue: 'waiting',
  search: '',
  personId: null,
  record: null,
  rows: new Map(),
  focusOnOpen: false,
  live: null,
};

async function start() {
  onSignedOut(() => sessionEnded());
  if (location.pathname === '/practice') {
    byId('sign-in-heading').textContent = 'Sign in to Lantern';
    byId('brand-part').textContent = 'referrals';
  }
  try {
    state.me = await signedIn();
  } catch (error) {
    byId('loading').textContent = `${error.message} Reload the page to try again.`;
    showView('loading');
    return;
  }
  // Practice staff refer people and follow progress; they never see the inbox.
  if (state.me.role === 'PRACTICE') {
    byId('brand-part').textContent = 'referrals';
    openPracticeView(state.me, leave);
    return;
  }
  if (location.pathname === '/practice') history.replaceState(null, '', '/inbox');
  const page = { '/inbox/directory': ['directory-view', openDirectory], '/inbox/report': ['report-view', openReport] }[location.pathname.replace(/\/$/, '')];
  showAccount(page ? page[0] : 'inbox-view');
  if (page) {
    showView(page[0]);
    byId('notify-me').hidden = true;
    page[1]();
    signOutWhenIdle(() => leave(false, 'You were signed out after 30 minutes without activity, to keep people’s details private.'));
    return;
  }
  openInbox();
}

/** Who is signed in, the way out, and the parts of Lantern a coach moves between. */
function showAccount(current) {
  byId('account').hidden = false;
  byId('signed-in-name').textContent = state.me.name;
  byId('sign-out').addEventListener('click', () => leave(false));
  byId('sign-out-everywhere').addEventListener('click', () => leave(true));
  byId('staff-nav').hidden = false;
  for (const link of byId('staff-nav').querySelectorAll('a')) {
    if (link.dataset.view === current) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function openInbox() {
  showView('inbox-view');
  wireNotifyButton(byId('notify-me'));
  wireTabs((queue) => navigate(urlFor(queue, state.personId, queue === 'everyone' ? state.search : '')));
  wireSearch();
  wireLinks();
  wireConversation(state.me, actions);
  wireAuditTrail(state.me, () => state.personId);
  wireRhythmForm(actions.setRhythm);
  wireConnections(() => refreshRecord());
  window.addEventListener('popstate', applyLocation);
  applyLocation();
  state.live = listenForChanges({
    changed: (personId) => refreshSoon(personId),
    opened: () => refreshSoon(null),
    status: showLiveStatus,
    lost: () => getJson('/api/auth/me').catch(() => undefined),
  });
  // Also catches up the "waiting 12 min" times. The open record is re-read only if the stream is
  // down: each read of it is recorded as a view.
  setInterval(() => refreshSoon(state.live.connected ? 'queues' : null), FALLBACK_REFRESH_MS);
  signOutWhenIdle(() => leave(false, 'You were signed out after 30 minutes without activity, to keep people’s details private.'));
}

async function leave(everywhere, notice) {
  try {
    await signOut(everywhere, notice);
  } catch (error) {
    byId('queue-problem').textContent = `Signing out did not work: ${error.message}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Where we are: /inbox?queue=mine, /inbox/people/<id>?queue=everyone&search=jo
// ---------------------------------------------------------------------------------------------

function urlFor(queue, personId, search) {
  const params = new URLSearchParams();
  if (queue !== 'waiting') params.set('queue', queue);
  if (queue === 'everyone' && search) params.set('search', search);
  const query = params.toString();
  return `${personId ? `/inbox/people/${encodeURIComponent(personId)}` : '/inbox'}${query ? `?${query}` : ''}`;
}

function navigate(url, { replace = false } = {}) {
  history[replace ? 'replaceState' : 'pushState'](null, '', url);
  applyLocation();
}

function applyLocation() {
  const params = new URLSearchParams(location.search);
  const asked = params.get('queue');
  const queue = QUEUE_NAMES.includes(asked) ? asked : 'waiting';
  const search = queue === 'everyone' ? params.get('search') || '' : '';
  const match = location.pathname.match(/^\/inbox\/people\/([^/]+)\/?$/);
  const personId = match ? decodeURIComponent(match[1]) : null;
  const queueChanged = queue !== state.queue || search !== state.search;
  state.queue = queue;
  state.search = search;
  showQueueChoice(queue, search);
  byId('inbox-view').classList.toggle('has-person', personId !== null);
  document.title = titleText();
  drawRows();
  if (queueChanged || !state.rows.has(queue)) refreshSoon('queues');
  if (personId !== state.personId) openPerson(personId);
  else if (state.record) showConversation(state.record, { backTo: urlFor(queue, null, search), fresh: false });
}

function wireSearch() {
  const input = byId('search-input');
  let timer = null;
  const search = () => navigate(urlFor('everyone', state.personId, input.value.trim()), { replace: true });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 300);
  });
  byId('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
}

/** Rows and "Back to the queue" change the view in place; a new tab or window still works. */
function wireLinks() {
  const inPlace = (event) => event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
  byId('queue-list').addEventListener('click', (event) => {
    const link = event.target.closest('a[data-person]');
    if (!link || !inPlace(event)) return;
    event.preventDefault();
    state.focusOnOpen = true;
    navigate(link.getAttribute('href'));
    if (link.dataset.person === state.personId && state.record) byId('person-heading').focus();
  });
  byId('back-to-queue').addEventListener('click', (event) => {
    if (!inPlace(event)) return;
    event.preventDefault();
    const from = state.personId;
    navigate(urlFor(state.queue, null, state.search));
    const row = byId('queue-list').querySelector(`a[data-person="${CSS.escape(from || '')}"]`);
    (row || byId(`tab-${state.queue}`)).focus();
  });
}

// ---------------------------------------------------------------------------------------------
// Reading from the server: queued, coalesced, newest answer wins
// ---------------------------------------------------------------------------------------------

let pending = { queues: false, record: false };
let pendingTimer = null;

/** `what`: a person's id (they changed), 'queues', or null for everything. */
function refreshSoon(what) {
  pending.queues = true;
  if (what === null || (what === state.personId && what !== null)) pending.record = true;
  if (pendingTimer) return;
  pendingTimer = setTimeout(() => {
    pendingTimer = null;
    const due = pending;
    pending = { queues: false, record: false };
    if (due.queues) refreshQueues();
    if (due.record) refreshRecord();
  }, REFRESH_DELAY_MS);
}

const refreshQueues = oneAtATime(async () => {
  const queue = state.queue;
  const search = state.search;
  const names = [...new Set([...COUNTED, queue])];
  try {
    const answers = await Promise.all(names.map((name) => {
      const query = name === 'everyone' && search ? `?search=${encodeURIComponent(search)}` : '';
      return getJson(`/api/inbox/queues/${name}${query}`).then((body) => [name, body.people]);
    }));
    for (const [name, people] of answers) {
      // One search's answer is kept at a time.
      if (name === 'everyone') for (const key of state.rows.keys()) if (key.startsWith('everyone:')) state.rows.delete(key);
      state.rows.set(name === 'everyone' ? `everyone:${search}` : name, people);
    }
    byId('queue-problem').textContent = '';
    getJson('/api/inbox/first-reply-waits').then((waits) => showFirstReplyWaits(waits, state.queue), () => undefined);
    announceArrivals(state.rows.get('waiting'), state.rows.get('mine'));
    showCounts(Object.fromEntries(COUNTED.map((name) => [name, state.rows.get(name).length])));
    document.title = titleText();
    drawRows();
  } catch (error) {
    if (error.status !== 401) byId('queue-problem').textContent = error.message;
  }
});

function drawRows() {
  const key = state.queue === 'everyone' ? `everyone:${state.search}` : state.queue;
  showRows(state.rows.get(key) || [], { queue: state.queue, openPersonId: state.personId, search: state.search, now: Date.now() });
}

function titleText() {
  const waiting = state.rows.get('waiting');
  const name = state.record && state.personId ? `${personName(state.record.person.name, state.record.person.lastChannel)} · ` : '';
  return `${waiting && waiting.length ? `(${waiting.length}) ` : ''}${name}${queueTitle(state.queue)} · Lantern inbox`;
}

const refreshRecord = oneAtATime(async () => {
  const personId = state.personId;
  if (!personId) return;
  try {
    const record = await getJson(`/api/people/${encodeURIComponent(personId)}`);
    if (personId !== state.personId) return;
    const fresh = state.record === null;
    announceNewMessages(record);
    state.record = record;
    showConversation(record, { backTo: urlFor(state.queue, null, state.search), fresh });
    showSide(record, { resolveFlag: actions.resolveFlag, findNearby });
    showConnections(record);
    if (fresh) fillRhythmForm(record.person);
    document.title = titleText();
    if (fresh && state.focusOnOpen) byId('person-heading').focus();
    state.focusOnOpen = false;
  } catch (error) {
    if (personId !== state.personId || error.status === 401) return;
    if (error.status === 404 || error.status === 400) clearConversation('We could not find that person. Their details may have been deleted at their request.');
    else if (!state.record) clearConversation(error.message);
    else byId('action-error').textContent = `Could not refresh: ${error.message}`;
  }
});

function openPerson(personId) {
  state.personId = personId;
  state.record = null;
  forgetDrawn();
  forgetSuggestions();
  closeAuditTrail();
  if (!personId) {
    clearConversation();
    return;
  }
  clearConversation('Opening their conversation…');
  refreshRecord();
}

// ---------------------------------------------------------------------------------------------
// How live the page is
// ---------------------------------------------------------------------------------------------

function showLiveStatus(status) {
  const line = byId('live-status');
  line.dataset.status = status;
  line.textContent = { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Not live: refreshing every minute' }[status] || '';
}

// ---------------------------------------------------------------------------------------------
// What a coach does: each posts, then re-reads the person and the queues
// ---------------------------------------------------------------------------------------------

function personPath(suffix) {
  return `/api/people/${encodeURIComponent(state.personId)}/${suffix}`;
}

async function afterwards() {
  await Promise.all([refreshRecord(), refreshQueues()]);
}

const actions = {
  async claim() {
    await postJson(personPath('claim'), {});
    await afterwards();
  },
  async reply(text) {
    await postJson(personPath('replies'), { text });
    // The box clears at once; the timeline catches up a moment later.
    void afterwards();
  },
  async addNote(body) {
    await postJson(personPath('notes'), { body });
    await afterwards();
  },
  async pause(until) {
    const answer = await postJson(personPath('pause'), { until });
    await afterwards();
    return answer;
  },
  async resume() {
    await postJson(personPath('resume'), {});
    await afterwards();
  },
  async setRhythm(choice) {
    await postJson(personPath('rhythm'), choice);
    await afterwards();
  },
  async handBack() {
    await postJson(personPath('hand-back'), {});
    await afterwards();
  },
  async resolveFlag(flagId, note) {
    await postJson(personPath(`flags/${encodeURIComponent(flagId)}/resolve`), { note });
    await afterwards();
  },
};

start();
