// The phone simulator page: shows one phone's texts with Lantern and sends new ones through
// /dev/phone/api/messages, which delivers them as Twilio's signed webhook. It polls once a
// second: simple, and it recovers by itself when Lantern restarts.
(function () {
  'use strict';

  var API = '/dev/phone/api/messages';
  var POLL_MS = 1000;
  var DEFAULT_PHONE = '+447700900123';
  var SAVED_PHONE = 'lantern.phoneSimulator.phone';

  var STATUS_WORDS = {
    'to-lantern': { sending: 'Sending…', delivered: 'Delivered', failed: 'Not delivered' },
    'from-lantern': { accepted: 'Sending', queued: 'Sending', sent: 'Sent', delivered: 'Delivered', failed: 'Failed' },
  };

  var page = {
    phone: document.getElementById('phone'),
    phoneForm: document.getElementById('phone-form'),
    lanternNumber: document.getElementById('lantern-number'),
    thread: document.getElementById('thread'),
    empty: document.getElementById('empty'),
    problem: document.getElementById('problem'),
    sendForm: document.getElementById('send-form'),
    body: document.getElementById('body'),
  };

  var state = {
    phone: initialPhone(),
    shown: new Map(), // sid -> { item, meta, status }
    // Bumped when the phone changes, so a late answer about the old phone is ignored.
    generation: 0,
    timer: null,
  };

  function initialPhone() {
    var fromAddress = new URLSearchParams(location.search).get('phone');
    var saved = null;
    try { saved = localStorage.getItem(SAVED_PHONE); } catch (_) { /* storage may be blocked */ }
    return fromAddress || saved || DEFAULT_PHONE;
  }

  function showProblem(message) {
    page.problem.textContent = message;
    page.problem.hidden = !message;
  }

  async function readAnswer(response) {
    try { return await response.json(); } catch (_) { return null; }
  }

  function problemIn(answer, fallback) {
    return (answer && answer.error && answer.error.message) || fallback;
  }

  function timeOf(iso) {
    return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function metaText(message) {
    var words = (STATUS_WORDS[message.direction] || {})[message.status] || message.status;
    return words + ' · ' + timeOf(message.at);
  }

  function addText(message) {
    var item = document.createElement('li');
    item.className = 'text ' + message.direction;
    var who = document.createElement('span');
    who.className = 'sr-only';
    who.textContent = message.direction === 'to-lantern' ? 'You: ' : 'Lantern: ';
    var bubble = document.createElement('p');
    bubble.className = 'bubble';
    bubble.textContent = message.body; // textContent, never HTML: bodies are whatever people typed
    var meta = document.createElement('span');
    meta.className = 'meta';
    item.append(who, bubble, meta);
    page.thread.append(item);
    var shown = { item: item, meta: meta, status: null };
    state.shown.set(message.sid, shown);
    return shown;
  }

  function render(messages) {
    var nearBottom = page.thread.scrollHeight - page.thread.scrollTop - page.thread.clientHeight < 80;
    var present = new Set();
    var added = false;
    messages.forEach(function (message) {
      present.add(message.sid);
      var shown = state.shown.get(message.sid);
      if (!shown) { shown = addText(message); added = true; }
      if (shown.status !== message.status) {
        shown.status = message.status;
        shown.meta.textContent = metaText(message);
        shown.item.classList.toggle('failed', message.status === 'failed');
      }
    });
    // The simulator keeps only recent texts; older ones leave the page too.
    state.shown.forEach(function (shown, sid) {
      if (!present.has(sid)) { shown.item.remove(); state.shown.delete(sid); }
    });
    page.empty.hidden = messages.length > 0;
    if (added && nearBottom) page.thread.scrollTop = page.thread.scrollHeight;
  }

  function clearThread() {
    state.shown.clear();
    page.thread.replaceChildren();
  }

  async function refresh() {
    var generation = state.generation;
    var response;
    try {
      response = await fetch(API + '?phone=' + encodeURIComponent(state.phone), { cache: 'no-store' });
    } catch (_) {
      showProblem('Lantern is not answering. Is it still running?');
      return;
    }
    var answer = await readAnswer(response);
    if (generation !== state.generation) return;
    if (response.status === 404) return showProblem('The phone simulator is not running here: it runs when no Twilio account is set up.');
    if (!response.ok || !answer) return showProblem(problemIn(answer, 'Could not load the texts (HTTP ' + response.status + ').'));
    if (page.problem.dataset.from !== 'send') showProblem('');
    if (answer.phone !== state.phone) { state.phone = answer.phone; page.phone.value = answer.phone; }
    page.lanternNumber.textContent = answer.lanternNumber;
    render(answer.messages);
  }

  function poll() {
    clearTimeout(state.timer);
    refresh().finally(function () { state.timer = setTimeout(poll, POLL_MS); });
  }

  async function switchPhone(event) {
    event.preventDefault();
    var wanted = page.phone.value.trim();
    var response;
    try {
      response = await fetch(API + '?phone=' + encodeURIComponent(wanted), { cache: 'no-store' });
    } catch (_) {
      return showProblem('Lantern is not answering. Is it still running?');
    }
    var answer = await readAnswer(response);
    if (!response.ok || !answer) {
      page.phone.setAttribute('aria-invalid', 'true');
      page.phone.focus();
      return showProblem(problemIn(answer, 'That number did not work (HTTP ' + response.status + ').'));
    }
    page.phone.removeAttribute('aria-invalid');
    state.generation += 1;
    state.phone = answer.phone;
    page.phone.value = answer.phone;
    try { localStorage.setItem(SAVED_PHONE, answer.phone); } catch (_) { /* storage may be blocked */ }
    history.replaceState(null, '', '?phone=' + encodeURIComponent(answer.phone));
    page.problem.dataset.from = '';
    showProblem('');
    clearThread();
    render(answer.messages);
    page.body.focus();
  }

  async function send(event) {
    event.preventDefault();
    var body = page.body.value;
    if (body.trim() === '') return;
    // Cleared at once, as a phone does; the thread shows the text while Lantern takes it.
    page.body.value = '';
    fitComposer();
    var response;
    try {
      response = await fetch(API, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ from: state.phone, body: body }),
      });
    } catch (_) {
      page.body.value = page.body.value || body;
      page.problem.dataset.from = 'send';
      return showProblem('Lantern is not answering. Is it still running?');
    }
    var answer = await readAnswer(response);
    if (response.status === 400) page.body.value = page.body.value || body; // nothing was sent: keep the words
    page.problem.dataset.from = response.ok ? '' : 'send';
    showProblem(response.ok ? '' : problemIn(answer, 'The text was not sent (HTTP ' + response.status + ').'));
    poll();
  }

  function fitComposer() {
    page.body.style.height = 'auto';
    page.body.style.height = page.body.scrollHeight + 'px';
  }

  page.body.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      page.sendForm.requestSubmit();
    }
  });
  page.body.addEventListener('input', fitComposer);
  page.sendForm.addEventListener('submit', send);
  page.phoneForm.addEventListener('submit', switchPhone);

  page.phone.value = state.phone;
  poll();
})();
