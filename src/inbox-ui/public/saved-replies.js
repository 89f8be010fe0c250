// Saved replies: a coach's own short list of things they often write, kept in this browser's
// localStorage (not on the server, so nothing personal should be saved in them).

import { byId, fill, h } from './dom.js';

const STORAGE_KEY = 'lantern.inbox.savedReplies';
const DEFAULTS = [
  "Hi {name}, I'm {me}, one of the coaches. Thanks for getting in touch. How are things with you today?",
  'Would a phone call suit you better? Tell me a day and time that works and I will ring you.',
  "No rush at all. I'm here when you're ready.",
];

function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
    if (Array.isArray(stored)) return stored.filter((text) => typeof text === 'string' && text.trim());
  } catch {
    // Damaged or refused storage: start from the examples.
  }
  return DEFAULTS.slice();
}

function store(replies) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(replies));
  } catch {
    // Storage refused (private browsing): the list lasts until the page closes.
  }
}

function short(text) {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}

/** `context()` gives { name, me } for the {name} and {me} placeholders; `changed()` after an insert. */
export function wireSavedReplies(replyBox, context, changed) {
  let replies = load();
  let editing = -1;
  const list = byId('saved-replies-list');

  const draw = (focusSelector) => {
    fill(list, replies.length ? replies.map((text, index) => (index === editing ? editor(index, text) : item(index, text))) : h('li', { class: 'hint' }, 'None saved yet.'));
    if (focusSelector) list.querySelector(focusSelector)?.focus();
  };

  const item = (index, text) => h('li', { class: 'saved-reply' },
    h('p', { class: 'saved-text' }, text),
    h('div', { class: 'button-row' },
      h('button', { type: 'button', 'aria-label': `Insert “${short(text)}”`, onclick: () => insert(text) }, 'Insert'),
      h('button', { type: 'button', class: 'quiet-button', 'aria-label': `Edit “${short(text)}”`, 'data-edit': index, onclick: () => { editing = index; draw(`#saved-edit-${index}`); } }, 'Edit'),
      h('button', { type: 'button', class: 'quiet-button', 'aria-label': `Delete “${short(text)}”`, onclick: () => { replies.splice(index, 1); store(replies); draw(); byId('save-current-reply').focus(); } }, 'Delete')));

  const editor = (index, text) => {
    const box = h('textarea', { id: `saved-edit-${index}`, rows: 3, maxlength: 1600 });
    box.value = text;
    return h('li', { class: 'saved-reply' },
      h('label', { for: box.id }, 'Edit this saved reply'),
      box,
      h('div', { class: 'button-row' },
        h('button', { type: 'button', onclick: () => {
          if (box.value.trim()) replies[index] = box.value.trim();
          editing = -1;
          store(replies);
          draw(`[data-edit="${index}"]`);
        } }, 'Save'),
        h('button', { type: 'button', class: 'quiet-button', onclick: () => { editing = -1; draw(`[data-edit="${index}"]`); } }, 'Cancel')));
  };

  const insert = (text) => {
    const { name, me } = context();
    const filled = text.replace(/\{name\}/g, name || 'there').replace(/\{me\}/g, me || '');
    if (replyBox.disabled) return;
    replyBox.focus();
    replyBox.setRangeText(filled, replyBox.selectionStart, replyBox.selectionEnd, 'end');
    replyBox.dispatchEvent(new Event('input', { bubbles: true }));
    changed();
  };

  byId('save-current-reply').addEventListener('click', () => {
    const text = replyBox.value.trim();
    if (!text) {
      replyBox.focus();
      return;
    }
    replies.push(text);
    store(replies);
    draw();
  });

  draw();
}
