// A small line chart of check-in scores (0-10) over time, drawn as inline SVG. Screen readers
// get a one-sentence summary as its name; the table beside it has every value.

import { h } from './dom.js';
import { briefDate } from './words.js';

const WIDTH = 300;
const HEIGHT = 130;
const LEFT = 26;
const RIGHT = 10;
const TOP = 10;
const BOTTOM = 24;

export function scoredCheckIns(checkIns) {
  return checkIns.filter((checkIn) => typeof checkIn.score === 'number');
}

/** "5 scores from 3 Mar to 14 Apr: latest 7 out of 10, lowest 3, highest 8." */
export function chartSummary(scored) {
  if (scored.length === 0) return 'No scores yet.';
  const scores = scored.map((checkIn) => checkIn.score);
  const first = scored[0];
  const last = scored[scored.length - 1];
  if (scored.length === 1) return `One score, on ${briefDate(first.at)}: ${first.score} out of 10.`;
  return `${scored.length} scores from ${briefDate(first.at)} to ${briefDate(last.at)}: latest ${last.score} out of 10, lowest ${Math.min(...scores)}, highest ${Math.max(...scores)}.`;
}

export function checkInChart(scored, label = 'Check-in scores out of 10') {
  if (scored.length === 0) return null;
  const times = scored.map((checkIn) => new Date(checkIn.at).getTime());
  const start = Math.min(...times);
  const span = Math.max(...times) - start;
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const x = (time) => (span === 0 ? LEFT + plotWidth / 2 : LEFT + ((time - start) / span) * plotWidth);
  const y = (score) => TOP + ((10 - score) / 10) * plotHeight;
  const points = scored.map((checkIn, index) => ({ x: x(times[index]), y: y(checkIn.score), checkIn }));

  return h('svg:svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': `${label}. ${chartSummary(scored)}`, focusable: 'false' },
    [0, 5, 10].map((score) => [
      h('svg:line', { class: 'chart-grid', x1: LEFT, x2: WIDTH - RIGHT, y1: y(score), y2: y(score) }),
      h('svg:text', { class: 'chart-label', x: LEFT - 6, y: y(score) + 4, 'text-anchor': 'end' }, String(score)),
    ]),
    h('svg:text', { class: 'chart-label', x: LEFT, y: HEIGHT - 6, 'text-anchor': 'start' }, briefDate(scored[0].at)),
    scored.length > 1 ? h('svg:text', { class: 'chart-label', x: WIDTH - RIGHT, y: HEIGHT - 6, 'text-anchor': 'end' }, briefDate(scored[scored.length - 1].at)) : null,
    points.length > 1 ? h('svg:polyline', { class: 'chart-line', points: points.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ') }) : null,
    points.map((p) => h('svg:circle', { class: 'chart-point', cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: 4 },
      h('svg:title', {}, `${briefDate(p.checkIn.at)}: ${p.checkIn.score} out of 10`))));
}
