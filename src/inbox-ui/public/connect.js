// Connecting a person to the community: suggestions for something that matters to them, in
// their area, and how each connection went.

import { getJson, postJson } from './api.js';
import { byId, fill, h } from './dom.js';
import { briefDate, categoryName } from './words.js';

const STATUSES = [
  ['SUGGESTED', 'Suggested'],
  ['TRIED', 'Tried it'],
  ['STUCK_WITH_IT', 'Stuck with it'],
  ['DIDNT_WORK', "Didn't work"],
];

let personPath = null;
let afterChange = () => {};

let assetsByName = new Map();

/** `refresh()` re-reads the record after a change. */
export function wireConnections(refresh) {
  afterChange = refresh;
  getJson('/api/assets').then(({ assets }) => {
    assetsByName = new Map(assets.map((a) => [a.name.toLowerCase(), a]));
    fill(byId('didnt-work-assets'), assets.map((a) => h('option', { value: a.name })));
  }, () => undefined);
  byId('didnt-work-form').addEventListener('submit', recordDidntWork);
}

async function recordDidntWork(event) {
  event.preventDefault();
  const problem = byId('didnt-work-error');
  problem.textContent = '';
  const name = byId('didnt-work-service').value.trim();
  if (!name) {
    problem.textContent = 'Say which service or group it was.';
    return byId('didnt-work-service').focus();
  }
  const asset = assetsByName.get(name.toLowerCase());
  try {
    await postJson(`${personPath}/didnt-work`, {
      ...(asset ? { assetId: asset.id } : { serviceName: name }),
      barrier: byId('didnt-work-barrier').value,
      note: byId('didnt-work-note').value.trim(),
    });
    byId('didnt-work-form').reset();
    byId('didnt-work-details').open = false;
    fill(byId('suggestions'), h('p', { role: 'status' }, `Noted what didn't work with ${name}. It counts in the "What didn't work" report, without your note.`));
    await afterChange();
  } catch (error) {
    problem.textContent = error.message;
  }
}

export function forgetSuggestions() {
  fill(byId('suggestions'));
}

export function showConnections(record) {
  personPath = `/api/people/${encodeURIComponent(record.person.id)}`;
  const list = byId('connections-list');
  const signature = JSON.stringify(record.connections);
  if (list.dataset.drawn === signature) return;
  list.dataset.drawn = signature;
  fill(list, record.connections.length === 0
    ? h('li', { class: 'hint' }, 'None yet. Use "Find something nearby" next to what matters to them.')
    : record.connections.map((c) => {
      const id = `connection-${c.id}`;
      const select = h('select', { id }, STATUSES.map(([value, words]) => h('option', { value, selected: value === c.status }, words)));
      select.addEventListener('change', () => update(c.id, select.value));
      return h('li', {},
        h('p', {}, h('strong', {}, c.asset.name), ` (${c.asset.area}), ${briefDate(c.at)}`, c.asset.needsCheck ? h('span', { class: 'badge badge-urgent' }, 'Needs a check') : null),
        h('label', { for: id }, `How it went with ${c.asset.name}`), select,
        c.followUpAnswer ? h('p', { class: 'hint' }, `They said: “${c.followUpAnswer}”`) : null);
    }));
}

async function update(connectionId, status) {
  try {
    await postJson(`${personPath}/connections/${encodeURIComponent(connectionId)}`, { status });
    await afterChange();
  } catch (error) {
    byId('action-error').textContent = error.message;
  }
}

/** Suggestions for one thing that matters to them, by its category, in their area. */
export async function findNearby(item) {
  const panel = byId('suggestions');
  fill(panel, h('p', { class: 'hint' }, 'Looking…'));
  try {
    const found = await getJson(`${personPath}/suggestions?whatMattersId=${encodeURIComponent(item.id)}`);
    if (!found.area) return fill(panel, h('p', {}, `For “${item.text}”: they have not given an area yet.`), areaForm(item));
    fill(panel,
      h('h4', {}, `Near ${found.area} for “${item.text}” (${categoryName(found.category)})`),
      found.assets.length === 0
        ? h('p', { class: 'hint' }, 'Nothing in the directory for this in their area: a gap the neighbourhood report counts.')
        : h('ul', { class: 'suggestion-list' }, found.assets.map((asset) => h('li', {},
          h('p', {}, h('strong', {}, asset.name), asset.needsCheck ? h('span', { class: 'badge badge-urgent' }, 'Needs a check') : null),
          h('p', { class: 'hint' }, [asset.schedule, asset.cost, asset.contact].filter(Boolean).join(' · ')),
          h('button', { type: 'button', onclick: () => suggest(asset, item) }, `Suggest ${asset.name}`)))));
  } catch (error) {
    fill(panel, h('p', { class: 'form-error' }, error.message));
  }
}

function areaForm(item) {
  const input = h('input', { id: 'person-area', type: 'text', maxlength: 60, placeholder: 'M9 or Harpurhey' });
  const problem = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'area-form' }, h('label', { for: 'person-area' }, 'Their area, if they are happy to say (postcode district or neighbourhood)'), input, problem, h('button', { type: 'submit' }, 'Save area'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await postJson(`${personPath}/area`, { area: input.value.trim() || null });
      await afterChange();
      await findNearby(item);
    } catch (error) {
      problem.textContent = error.message;
    }
  });
  return form;
}

async function suggest(asset, item) {
  try {
    await postJson(`${personPath}/connections`, { assetId: asset.id, whatMattersId: item.id });
    fill(byId('suggestions'), h('p', { role: 'status' }, `Noted: ${asset.name} suggested. Record how it went below.`));
    await afterChange();
  } catch (error) {
    byId('action-error').textContent = error.message;
  }
}
