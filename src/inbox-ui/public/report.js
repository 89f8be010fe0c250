// The neighbourhood report: what matters by area and category, the gaps, and a chart of needs
// by category. Everything shown is the server's suppressed strings; nothing is recomputed here.

import { getJson } from './api.js';
import { byId, fill, h } from './dom.js';
import { categoryName, isoDate } from './words.js';

export function openReport() {
  const today = new Date();
  const from = new Date(today);
  from.setDate(today.getDate() - 89);
  byId('report-from').value = isoDate(from);
  byId('report-to').value = isoDate(today);
  byId('report-filter').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  load();
}

async function load() {
  const query = new URLSearchParams({ from: byId('report-from').value, to: byId('report-to').value });
  byId('report-csv').href = `/api/reports/neighbourhood.csv?${query}`;
  byId('outcomes-csv').href = `/api/reports/outcomes.csv?${query}`;
  byId('learning-csv').href = `/api/reports/learning.csv?${query}`;
  loadOutcomes(query);
  loadLearning(query);
  try {
    const report = await getJson(`/api/reports/neighbourhood?${query}`);
    byId('report-problem').textContent = '';
    drawTable(report);
    drawChart(report);
    fill(byId('report-gaps'), report.gaps.length === 0
      ? h('li', { class: 'hint' }, 'No gaps in this period: every need has something in its area.')
      : report.gaps.map((gap) => h('li', {}, h('strong', {}, `${gap.area}: ${categoryName(gap.category)}`), ` (${peopleWords(gap.people)})`)));
  } catch (error) {
    if (error.status !== 401) byId('report-problem').textContent = error.message;
  }
}

function peopleWords(shown) {
  if (shown === '*') return 'number held back';
  if (shown.startsWith('<')) return `fewer than ${shown.slice(1)} people`;
  return `${shown} people`;
}

function drawTable(report) {
  const gap = new Set(report.gaps.map((g) => `${g.area}|${g.category}`));
  fill(byId('report-table'),
    h('caption', { class: 'visually-hidden' }, 'People for whom each thing matters, by area'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Area'), report.categories.map((c) => h('th', { scope: 'col' }, categoryName(c))), h('th', { scope: 'col' }, 'All'))),
    h('tbody', {}, report.areas.map((area, i) => h('tr', {},
      h('th', { scope: 'row' }, area),
      report.categories.map((category, j) => {
        const isGap = gap.has(`${area}|${category}`);
        return h('td', { class: isGap ? 'gap-cell' : null }, report.needs.cells[i][j], isGap ? h('span', { class: 'visually-hidden' }, ' (a gap)') : null,
          report.connected.cells[i][j] !== '0' ? h('span', { class: 'connected' }, ` · ${report.connected.cells[i][j]} connected`) : null);
      }),
      h('td', {}, report.needs.rowTotals[i])))),
    h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, 'All areas'), report.needs.columnTotals.map((t) => h('td', {}, t)), h('td', {}, report.needs.total))));
}

/** Bars for each category's total across areas; a held-back total gets no bar, only its label. */
function drawChart(report) {
  const rows = report.categories.map((category, j) => ({ category, shown: report.needs.columnTotals[j] }));
  const numbers = rows.map((r) => Number(r.shown)).filter((n) => Number.isFinite(n));
  const max = Math.max(1, ...numbers);
  const width = 560;
  const barHeight = 22;
  const labelWidth = 200;
  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${rows.length * (barHeight + 8) + 8}`, role: 'img', 'aria-labelledby': 'report-chart-caption', class: 'report-chart' },
    rows.map((r, i) => {
      const y = 8 + i * (barHeight + 8);
      const value = Number(r.shown);
      const bar = Number.isFinite(value) ? ((width - labelWidth - 60) * value) / max : 0;
      return h('svg:g', {},
        h('svg:text', { x: labelWidth - 8, y: y + barHeight * 0.7, 'text-anchor': 'end', class: 'chart-label' }, categoryName(r.category)),
        h('svg:rect', { x: labelWidth, y, width: Math.max(bar, 0), height: barHeight, class: 'chart-bar' }),
        h('svg:text', { x: labelWidth + bar + 6, y: y + barHeight * 0.7, class: 'chart-value' }, r.shown));
    }));
  fill(byId('report-chart'), svg);
  byId('report-chart-caption').textContent = rows.length
    ? `People for whom each thing matters, all areas: ${rows.map((r) => `${categoryName(r.category)} ${r.shown}`).join(', ')}.`
    : 'Nothing noted as mattering in this period.';
}

const MEASURE_NAMES = {
  lifeSatisfaction: 'Satisfied with life',
  worthwhile: 'Things feel worthwhile',
  happiness: 'Happy yesterday',
  anxiety: 'Anxious yesterday (lower is calmer)',
};

async function loadOutcomes(query) {
  try {
    const report = await getJson(`/api/reports/outcomes?${query}`);
    byId('outcomes-summary').textContent = `${report.cohort} ${report.cohort === '1' ? 'person' : 'people'} answered the wellbeing questions at least twice in this period (${report.answered} at least once). ${report.note}`;
    drawOutcomes(report);
  } catch (error) {
    if (error.status !== 401) byId('report-problem').textContent = error.message;
  }
}

/** Pairs of bars, first and latest mean, 0 to 10, for each question; none for a small group. */
function drawOutcomes(report) {
  const width = 640;
  const rowHeight = 46;
  const labelWidth = 290;
  const scale = (value) => ((width - labelWidth - 50) * value) / 10;
  const svg = h('svg:svg', { viewBox: `0 0 ${width} ${report.measures.length * rowHeight + 28}`, role: 'img', 'aria-labelledby': 'outcomes-caption', class: 'report-chart' },
    h('svg:rect', { x: labelWidth, y: 4, width: 12, height: 10, class: 'chart-bar-first' }), h('svg:text', { x: labelWidth + 16, y: 13, class: 'chart-value' }, 'first'),
    h('svg:rect', { x: labelWidth + 60, y: 4, width: 12, height: 10, class: 'chart-bar' }), h('svg:text', { x: labelWidth + 76, y: 13, class: 'chart-value' }, 'latest'),
    report.measures.map((m, i) => {
      const y = 24 + i * rowHeight;
      const parts = [h('svg:text', { x: labelWidth - 8, y: y + 20, 'text-anchor': 'end', class: 'chart-label' }, MEASURE_NAMES[m.measure] || m.measure)];
      if (m.meanFirst === null) parts.push(h('svg:text', { x: labelWidth, y: y + 20, class: 'chart-value' }, `${m.people} people: too few to show`));
      else {
        parts.push(h('svg:rect', { x: labelWidth, y, width: scale(m.meanFirst), height: 14, class: 'chart-bar-first' }), h('svg:text', { x: labelWidth + scale(m.meanFirst) + 4, y: y + 12, class: 'chart-value' }, m.meanFirst.toFixed(1)));
        parts.push(h('svg:rect', { x: labelWidth, y: y + 18, width: scale(m.meanLatest), height: 14, class: 'chart-bar' }), h('svg:text', { x: labelWidth + scale(m.meanLatest) + 4, y: y + 30, class: 'chart-value' }, m.meanLatest.toFixed(1)));
      }
      return h('svg:g', {}, parts);
    }));
  fill(byId('outcomes-chart'), svg);
  byId('outcomes-caption').textContent = report.measures.map((m) => (m.meanFirst === null
    ? `${MEASURE_NAMES[m.measure]}: ${m.people} people, too few to show`
    : `${MEASURE_NAMES[m.measure]}: ${m.people} people, from ${m.meanFirst.toFixed(1)} to ${m.meanLatest.toFixed(1)} on average (${m.improved} better, ${m.same} the same, ${m.worse} worse)`)).join('. ') + '.';
}

const BARRIER_NAMES = {
  REFUSED: 'Turned away', NOT_WELCOMING: 'Not welcoming', TRANSPORT: 'Getting there', COST: 'Cost', TIMING: "Times didn't suit",
  ACCESSIBILITY: 'Not accessible', WAITING_LIST: 'Waiting list', CLOSED: 'Had closed', NO_RESPONSE: 'Nobody answered', CONFIDENCE: 'Confidence', OTHER: 'Something else',
};

async function loadLearning(query) {
  try {
    const report = await getJson(`/api/reports/learning?${query}`);
    fill(byId('learning-table'), report.services.length === 0
      ? h('tbody', {}, h('tr', {}, h('td', { class: 'hint' }, 'Nothing recorded in this period.')))
      : [
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Service'), report.barriers.map((b) => h('th', { scope: 'col' }, BARRIER_NAMES[b] || b)), h('th', { scope: 'col' }, 'All'))),
        h('tbody', {}, report.services.map((service, i) => h('tr', {}, h('th', { scope: 'row' }, service), report.counts.cells[i].map((c) => h('td', {}, c)), h('td', {}, report.counts.rowTotals[i])))),
      ]);
  } catch (error) {
    if (error.status !== 401) byId('report-problem').textContent = error.message;
  }
}
