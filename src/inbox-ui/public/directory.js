// The community assets directory: find, add, change, mark as checked, import and export.

import { getJson, postJson, putJson } from './api.js';
import { byId, fill, h } from './dom.js';
import { briefDate, categoryName, CATEGORY_ORDER, isoDate } from './words.js';



export function openDirectory() {
  const select = byId('directory-category');
  for (const category of CATEGORY_ORDER) select.append(h('option', { value: category }, categoryName(category)));
  fill(byId('asset-categories'), h('legend', {}, 'What it helps with (one or more)'), CATEGORY_ORDER.map((category) =>
    h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'asset-category', value: category }), ` ${categoryName(category)}`)));
  byId('directory-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  byId('asset-form').addEventListener('submit', save);
  byId('import-form').addEventListener('submit', importFile);
  load();
}

async function load() {
  const query = new URLSearchParams();
  const area = byId('directory-area').value.trim();
  if (area) query.set('area', area);
  if (byId('directory-category').value) query.set('category', byId('directory-category').value);
  if (byId('directory-stale').checked) query.set('stale', 'true');
  try {
    const { assets } = await getJson(`/api/assets?${query}`);

    byId('directory-problem').textContent = '';
    fill(byId('directory-list'), assets.length === 0
      ? h('tr', {}, h('td', { colspan: 6, class: 'hint' }, 'Nothing here yet. Add one below, or import a CSV.'))
      : assets.map(row));
  } catch (error) {
    if (error.status !== 401) byId('directory-problem').textContent = error.message;
  }
}

function row(asset) {
  const flags = [
    asset.needsCheck ? h('span', { class: 'badge badge-urgent' }, asset.needsCheck.reason === 'closed' ? 'Said to have closed' : 'Needs a check') : null,
    asset.stale ? h('span', { class: 'badge' }, 'Not checked for 6 months') : null,
  ];
  return h('tr', {},
    h('th', { scope: 'row' }, asset.name, asset.description ? h('p', { class: 'hint' }, asset.description) : null),
    h('td', {}, asset.area),
    h('td', {}, asset.categories.map(categoryName).join(', ')),
    h('td', {}, [asset.schedule, asset.cost].filter(Boolean).join(' · ') || '–'),
    h('td', {}, asset.lastVerifiedAt ? briefDate(asset.lastVerifiedAt) : 'Never', ' ', flags),
    h('td', { class: 'row-actions' },
      h('button', { type: 'button', onclick: () => verified(asset) }, h('span', {}, 'Checked'), h('span', { class: 'visually-hidden' }, `: ${asset.name} is still running`)),
      h('button', { type: 'button', onclick: () => edit(asset) }, 'Edit', h('span', { class: 'visually-hidden' }, ` ${asset.name}`))));
}

async function verified(asset) {
  try {
    await postJson(`/api/assets/${encodeURIComponent(asset.id)}/verified`, {});
    await load();
  } catch (error) {
    byId('directory-problem').textContent = error.message;
  }
}

function edit(asset) {
  byId('asset-details').open = true;
  byId('asset-form-title').textContent = `Change ${asset.name}`;
  byId('asset-id').value = asset.id;
  for (const [id, value] of [['asset-name', asset.name], ['asset-description', asset.description], ['asset-area', asset.area], ['asset-schedule', asset.schedule], ['asset-contact', asset.contact], ['asset-cost', asset.cost], ['asset-accessibility', asset.accessibility]]) byId(id).value = value || '';
  byId('asset-verified').value = asset.lastVerifiedAt ? isoDate(new Date(asset.lastVerifiedAt)) : '';
  for (const box of document.querySelectorAll('input[name="asset-category"]')) box.checked = asset.categories.includes(box.value);
  byId('asset-name').focus();
}

async function save(event) {
  event.preventDefault();
  const problem = byId('asset-error');
  problem.textContent = '';
  const body = {
    name: byId('asset-name').value.trim(),
    description: byId('asset-description').value.trim(),
    categories: [...document.querySelectorAll('input[name="asset-category"]:checked')].map((box) => box.value),
    area: byId('asset-area').value.trim(),
    schedule: byId('asset-schedule').value.trim(),
    contact: byId('asset-contact').value.trim(),
    cost: byId('asset-cost').value.trim(),
    accessibility: byId('asset-accessibility').value.trim(),
    lastVerifiedAt: byId('asset-verified').value || null,
  };
  const id = byId('asset-id').value;
  try {
    if (id) await putJson(`/api/assets/${encodeURIComponent(id)}`, body);
    else await postJson('/api/assets', body);
    byId('asset-form').reset();
    byId('asset-id').value = '';
    byId('asset-form-title').textContent = 'Add a group, activity or service';
    byId('asset-details').open = false;
    await load();
  } catch (error) {
    problem.textContent = error.message;
  }
}

async function importFile(event) {
  event.preventDefault();
  const file = byId('import-file').files[0];
  const result = byId('import-result');
  if (!file) {
    result.textContent = 'Choose a CSV file first.';
    return;
  }
  try {
    const answer = await postJson('/api/assets/import', await file.text(), { contentType: 'text/csv' });
    fill(result,
      h('p', {}, `${answer.created} added, ${answer.updated} updated${answer.rejected.length ? `, ${answer.rejected.length} not imported:` : '.'}`),
      answer.rejected.length ? h('ul', { class: 'import-problems' }, answer.rejected.map((r) => h('li', {}, `Line ${r.line}: ${r.problems.join('; ')}`))) : null);
    await load();
  } catch (error) {
    result.textContent = error.message;
  }
}

