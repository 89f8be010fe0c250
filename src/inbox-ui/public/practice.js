// The practice's page: invite someone by text, and see how far each invitation got. Practice
// staff never see what anyone said; the API would refuse them anyway.

import { fieldProblem, getJson, postJson } from './api.js';
import { byId, fill, h } from './dom.js';
import { showView } from './session.js';
import { when } from './words.js';

const REFRESH_MS = 20_000;

const PROGRESS = {
  'not-sent': 'Not sent',
  sent: 'Sent',
  'not-delivered': 'Not delivered',
  delivered: 'Delivered',
  opened: 'Opened the link',
  replied: 'Replied',
  'talking-with-a-coach': 'Talking with a coach',
};

export function openPracticeView(me, leave) {
  showView('practice-view');
  byId('account').hidden = false;
  byId('notify-me').hidden = true;
  byId('signed-in-name').textContent = me.name;
  byId('sign-out').addEventListener('click', () => leave(false));
  byId('sign-out-everywhere').addEventListener('click', () => leave(true));
  document.title = 'Referrals · Lantern';
  wireReferralForm();
  refresh();
  setInterval(refresh, REFRESH_MS);
}

async function refresh() {
  try {
    const [{ referrals, practice }, summary] = await Promise.all([getJson('/api/referrals'), getJson('/api/referrals/summary?days=90')]);
    if (practice) {
      byId('practice-name').textContent = practice.name;
      byId('practice-link').textContent = practice.link;
      byId('practice-link').href = practice.link;
      byId('practice-keyword').textContent = practice.odsCode;
    }
    byId('referral-summary').textContent = summaryWords(summary);
    fill(byId('referrals-list'), referrals.length === 0
      ? h('tr', {}, h('td', { colspan: 4, class: 'hint' }, 'No referrals yet.'))
      : referrals.map((r) => h('tr', {},
        h('td', {}, when(r.sentAt)),
        h('td', {}, r.firstName || '–'),
        h('td', {}, r.phoneEnding),
        h('td', { class: `progress progress-${r.progress}` }, PROGRESS[r.progress] || r.progress, r.expired && ['sent', 'delivered'].includes(r.progress) ? ' (link ended)' : ''))));
    byId('referrals-problem').textContent = '';
  } catch (error) {
    if (error.status !== 401) byId('referrals-problem').textContent = error.message;
  }
}

function summaryWords(summary) {
  if (summary.total === 0) return `No referrals in the last ${summary.days} days.`;
  const parts = Object.entries(summary.counts).filter(([, count]) => count > 0).map(([progress, count]) => `${count} ${(PROGRESS[progress] || progress).toLowerCase()}`);
  return `Last ${summary.days} days: ${summary.total} sent. Now: ${parts.join(', ')}.`;
}

function wireReferralForm() {
  const form = byId('referral-form');
  const phone = byId('referral-phone');
  const consent = byId('referral-consent');
  const status = byId('referral-status');
  const problem = byId('referral-error');
  const mark = (id, text) => {
    byId(`${id}-problem`).textContent = text;
    byId(id).setAttribute('aria-invalid', text ? 'true' : 'false');
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    status.textContent = '';
    mark('referral-phone', '');
    mark('referral-consent', '');
    if (!phone.value.trim()) {
      mark('referral-phone', 'Enter their mobile number.');
      return phone.focus();
    }
    if (!consent.checked) {
      mark('referral-consent', 'Lantern only texts people who agreed to it. Check with them first.');
      return consent.focus();
    }
    const button = byId('referral-send');
    button.disabled = true;
    try {
      await postJson('/api/referrals', {
        phone: phone.value.trim(),
        firstName: byId('referral-first-name').value.trim() || undefined,
        reason: byId('referral-reason').value.trim() || undefined,
        consentConfirmed: true,
      });
      status.textContent = 'Sent. They will get the text in a moment.';
      form.reset();
      phone.focus();
      refresh();
    } catch (error) {
      if (fieldProblem(error, 'phone') || /phone/.test(error.message)) {
        mark('referral-phone', /mobile/.test(error.message) ? 'That is not a mobile number. Check it and try again.' : error.message);
        phone.focus();
      } else {
        problem.textContent = error.message;
      }
    } finally {
      button.disabled = false;
    }
  });
}
