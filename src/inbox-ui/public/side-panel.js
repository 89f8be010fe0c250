// The side of a conversation: urgent flags, facts, what matters, check-ins, wellbeing, notes.
// Each part is redrawn only when its data changed, so a half-written resolution is never lost.

import { checkInChart, chartSummary, scoredCheckIns } from './chart.js';
import { byId, fill, h } from './dom.js';
import { briefDate, categoryName, CATEGORY_ORDER, channelName, flagReason, fullDate, howLong, minutesWords, personName, rhythmName, when } from './words.js';

const drawn = new Map();
const flagDrafts = new Map();

/** Redraws `id` with `draw()` only if `data` differs from what it shows now. */
function redraw(id, data, draw) {
  const signature = JSON.stringify(data);
  if (drawn.get(id) === signature) return;
  drawn.set(id, signature);
  draw(byId(id));
}

export function forgetDrawn() {
  drawn.clear();
  flagDrafts.clear();
}

export function showSide(record, { resolveFlag, findNearby }) {
  const name = personName(record.person.name, record.person.lastChannel);
  byId('side-heading').textContent = `About ${name}`;
  showFlags(record.urgentFlags, resolveFlag);
  byId('handoffs-section').hidden = record.handoffs.length === 0;
  redraw('handoffs-body', record.handoffs, (body) => fill(body, handoffs(record.handoffs)));
  byId('export-record').href = `/api/people/${encodeURIComponent(record.person.id)}/export`;
  redraw('about-body', [record.person, record.conversation, record.referral], (body) => fill(body, aboutFacts(record)));
  redraw('what-matters-body', record.whatMatters, (body) => fill(body, whatMatters(record.whatMatters, findNearby)));
  redraw('check-ins-body', record.checkIns, (body) => fill(body, checkIns(record.checkIns)));
  redraw('wellbeing-body', record.wellbeing, (body) => fill(body, wellbeing(record.wellbeing)));
  redraw('notes-list', record.notes, (body) => fill(body, record.notes.map(note)));
}

function showFlags(flags, resolveFlag) {
  const open = flags.filter((flag) => !flag.resolvedAt);
  const resolved = flags.filter((flag) => flag.resolvedAt);
  byId('flags-section').hidden = flags.length === 0;
  byId('flags-heading').textContent = open.length ? 'Urgent' : 'Urgent flags (resolved)';
  // Keep whatever is half-written in a resolution box across the redraw.
  for (const box of byId('flags-body').querySelectorAll('textarea[data-flag]')) flagDrafts.set(box.dataset.flag, box.value);
  redraw('flags-body', flags, (body) => fill(body,
    open.map((flag) => openFlag(flag, resolveFlag)),
    resolved.length ? h('details', { class: 'resolved-flags' },
      h('summary', {}, resolved.length === 1 ? 'One resolved flag' : `${resolved.length} resolved flags`),
      h('ul', {}, resolved.map((flag) => h('li', {},
        h('p', {}, `${flagReason(flag.reason)}, ${when(flag.raisedAt)}.`),
        h('p', { class: 'hint' }, `Resolved ${when(flag.resolvedAt)}: ${flag.resolutionNote || ''}`))))) : null));
}

function openFlag(flag, resolveFlag) {
  const boxId = `resolve-${flag.id}`;
  const problemId = `resolve-problem-${flag.id}`;
  const box = h('textarea', { id: boxId, rows: 2, maxlength: 2000, 'data-flag': flag.id, 'aria-describedby': problemId });
  box.value = flagDrafts.get(flag.id) || '';
  const problem = h('p', { id: problemId, class: 'form-error', role: 'alert' });
  const button = h('button', { type: 'submit' }, 'Resolve');
  const form = h('form', { class: 'flag-form', method: 'post', novalidate: true },
    h('label', { for: boxId }, 'What was done (needed to resolve)'), box, problem, button);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    if (!box.value.trim()) {
      problem.textContent = 'Say what was done, for whoever reads this next.';
      return box.focus();
    }
    button.disabled = true;
    try {
      await resolveFlag(flag.id, box.value.trim());
      flagDrafts.delete(flag.id);
    } catch (error) {
      problem.textContent = error.message;
      button.disabled = false;
    }
  });
  return h('div', { class: 'open-flag' },
    h('p', { class: 'flag-reason' }, h('strong', {}, flagReason(flag.reason)), ` (${when(flag.raisedAt)})`),
    form);
}

/** Why they asked, the bot's summary for the coach, and how long they waited for a person. */
function handoffs(episodes) {
  const [latest, ...earlier] = episodes;
  return [
    handoffEpisode(latest),
    earlier.length ? h('details', {},
      h('summary', {}, earlier.length === 1 ? 'One earlier request' : `${earlier.length} earlier requests`),
      h('ul', { class: 'handoff-list' }, earlier.map((episode) => h('li', {}, handoffEpisode(episode))))) : null,
  ];
}

function handoffEpisode(episode) {
  return h('div', { class: 'handoff' },
    h('p', {}, h('strong', {}, when(episode.requestedAt)), episode.reason ? `: ${episode.reason}` : ''),
    episode.summary ? h('p', { class: 'handoff-summary' }, episode.summary) : null,
    h('p', { class: 'hint' }, firstReplyWords(episode)));
}

function firstReplyWords(episode) {
  const by = episode.claimedBy ? ` (${episode.claimedBy.name})` : '';
  if (typeof episode.firstReplyMinutes === 'number') return `First reply from a coach after ${minutesWords(episode.firstReplyMinutes)}${by}.`;
  if (episode.endedAt) return 'Handed back without a reply from a coach.';
  return `No reply from a coach yet: waiting ${howLong(episode.requestedAt)}${by}.`;
}

function aboutFacts(record) {
  const { person, conversation, referral } = record;
  const facts = [
    ['Phone', person.phone || 'None (web chat only)'],
    ['Area', person.area || 'Not given'],
    ['Uses', person.channels.length ? person.channels.map((c) => channelName(c.channel)).join(', ') : channelName(person.lastChannel)],
    ['Coach', conversation.assignedCoach ? conversation.assignedCoach.name : 'Nobody yet'],
    ['First in touch', when(person.firstContactAt)],
    ['Came from', referral ? `${referral.practice} (${referral.odsCode}), ${briefDate(referral.at)}${referral.reason ? `: ${referral.reason}` : ''}` : 'Found Lantern themselves'],
    ['Check-ins', `${rhythmName(person.checkInRhythm.rhythm, person.checkInRhythm.day)}${person.checkInRhythm.next ? `; next ${fullDate(person.checkInRhythm.next)}` : ''}`],
    ['Never texted first on', quietDayWords(person.quietDays)],
    ['Break', pauseWords(person)],
  ];
  if (person.optedOut) facts.push(['Texts', `Opted out on ${briefDate(person.optedOut.at)}${person.optedOut.source === 'keyword' ? ' (they texted STOP)' : ''}. They can text START to come back.`]);
  return facts.map(([term, detail]) => [h('dt', {}, term), h('dd', {}, detail)]);
}

const WEEK = [[1, 'Mondays'], [2, 'Tuesdays'], [3, 'Wednesdays'], [4, 'Thursdays'], [5, 'Fridays'], [6, 'Saturdays'], [0, 'Sundays']];

function quietDayWords(days) {
  const names = WEEK.filter(([day]) => (days || []).includes(day)).map(([, name]) => name);
  return names.length ? names.join(', ') : 'Any day is fine (never at night)';
}

export function pauseWords(person) {
  if (!person.paused) return 'Not paused';
  const since = `Paused since ${briefDate(person.paused.since)}`;
  const until = person.paused.until ? `, until ${fullDate(person.paused.until)}` : ', with no date to come back';
  return `${since}${until}.`;
}

function whatMatters(items, findNearby) {
  if (items.length === 0) return h('p', { class: 'hint' }, 'Nothing yet. When they say what matters to them, it shows here.');
  const byCategory = new Map();
  for (const item of items) byCategory.set(item.category, [...(byCategory.get(item.category) || []), item]);
  const order = [...byCategory.keys()].sort((a, b) => rank(a) - rank(b));
  return order.map((category) => h('div', { class: 'what-matters-group' },
    h('h4', {}, categoryName(category)),
    h('ul', {}, byCategory.get(category).map((item) => h('li', {}, item.text, ' ', h('span', { class: 'hint' }, `(${briefDate(item.at)})`), ' ',
      h('button', { type: 'button', class: 'link-button', onclick: () => findNearby(item) }, 'Find something nearby', h('span', { class: 'visually-hidden' }, ` for ${item.text}`)))))));
}

function rank(category) {
  const index = CATEGORY_ORDER.indexOf(category);
  return index < 0 ? CATEGORY_ORDER.length : index;
}

function checkIns(items) {
  if (items.length === 0) return h('p', { class: 'hint' }, 'No check-ins yet.');
  const scored = scoredCheckIns(items);
  const recent = items.slice(-3).reverse();
  return [
    scored.length ? h('figure', { class: 'chart-figure' }, checkInChart(scored), h('figcaption', { class: 'hint' }, chartSummary(scored))) : null,
    h('ul', { class: 'check-in-list' }, recent.map((item) => h('li', {},
      h('span', { class: 'hint' }, `${briefDate(item.at)}${typeof item.score === 'number' ? `, ${item.score}/10` : ''}: `), `“${item.words}”`))),
    h('details', {},
      h('summary', {}, 'All check-ins as a table'),
      h('table', { class: 'data-table' },
        h('caption', { class: 'visually-hidden' }, 'Check-ins, oldest first'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Score'), h('th', { scope: 'col' }, 'In their words'))),
        h('tbody', {}, items.map((item) => h('tr', {},
          h('td', {}, briefDate(item.at)), h('td', {}, typeof item.score === 'number' ? `${item.score}/10` : '–'), h('td', {}, item.words)))))),
  ];
}

const QUESTIONS = [
  ['lifeSatisfaction', 'Satisfied with life'],
  ['worthwhile', 'Things feel worthwhile'],
  ['happiness', 'Happy yesterday'],
  ['anxiety', 'Anxious yesterday (lower is calmer)'],
];

function wellbeing(answers) {
  if (answers.length === 0) return h('p', { class: 'hint' }, 'Not answered. It is offered, never required.');
  const recent = answers.slice(-4);
  // Over time, the headline question: how satisfied they are with life.
  const satisfied = answers.filter((set) => set.completedAt && typeof set.lifeSatisfaction === 'number').map((set) => ({ at: set.completedAt, score: set.lifeSatisfaction }));
  return [satisfied.length > 1 ? h('figure', { class: 'chart-figure' }, checkInChart(satisfied, 'Satisfied with life, out of 10'), h('figcaption', { class: 'hint' }, `Satisfied with life: ${chartSummary(satisfied)}`)) : null, h('table', { class: 'data-table' },
    h('caption', { class: 'hint' }, 'Personal wellbeing (ONS4), each 0 to 10'),
    h('thead', {}, h('tr', {}, h('td', {}), recent.map((set) => h('th', { scope: 'col' }, briefDate(set.at))))),
    h('tbody', {}, QUESTIONS.map(([key, question]) => h('tr', {},
      h('th', { scope: 'row' }, question),
      recent.map((set) => h('td', {}, typeof set[key] === 'number' ? String(set[key]) : '–'))))))];
}

function note(item) {
  return h('li', {},
    h('p', { class: 'note-meta' }, `${item.author ? item.author.name : 'Someone no longer here'}, ${when(item.at)}`),
    h('p', { class: 'note-body' }, item.body));
}
