// One person's conversation: who they are and where they stand, what a coach can do, the
// whole timeline, and the reply box.

import { confirmFirst } from './confirm-dialog.js';
import { byId, fill, h } from './dom.js';
import { badge } from './queues.js';
import { wireSavedReplies } from './saved-replies.js';
import { forgetTimeline, showTimeline } from './timeline.js';
import { briefDate, channelName, fullDate, howLong, isoDate, personName, smsParts } from './words.js';

const MAX_REPLY = 1600;

let shown = null;
let me = null;
const drafts = new Map();

/** `actions`: { claim, reply(text), pause(until), resume, handBack, addNote(body) }, each a promise. */
export function wireConversation(signedInAs, actions) {
  me = signedInAs;
  const reply = byId('reply-text');
  const form = byId('reply-form');

  byId('claim').addEventListener('click', (event) => act(event.currentTarget, async () => {
    await actions.claim();
    say(`${nameOf()} is with you now. The bot stays quiet while you talk.`);
    reply.focus();
  }));
  byId('resume').addEventListener('click', (event) => act(event.currentTarget, async () => {
    await actions.resume();
    say(`Support for ${nameOf()} is back on.`);
    byId('person-heading').focus();
  }));
  byId('hand-back').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    const name = nameOf();
    const sure = await confirmFirst({
      title: `Hand ${name} back to the bot?`,
      text: `Lantern will tell ${name} they are back with the bot and can ask for a coach again any time. Your notes stay here.`,
      yes: 'Hand back',
    });
    if (!sure) return;
    await act(button, async () => {
      await actions.handBack();
      say(`${name} is back with the bot, and has been told.`);
      byId('person-heading').focus();
    });
  });

  byId('pause-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const until = byId('pause-until').value;
    if (!until) {
      problem('Choose a date, or pause without a date.');
      return byId('pause-until').focus();
    }
    pause(byId('pause-until-button'), until, actions);
  });
  byId('pause-open-ended').addEventListener('click', (event) => pause(event.currentTarget, null, actions));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    sendReply(actions);
  });
  reply.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      sendReply(actions);
    }
  });
  reply.addEventListener('input', () => {
    if (shown) drafts.set(shown.person.id, reply.value);
    countCharacters();
  });

  byId('note-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const box = byId('note-text');
    const noteProblem = byId('note-error');
    noteProblem.textContent = '';
    if (!box.value.trim()) {
      noteProblem.textContent = 'Write the note first.';
      return box.focus();
    }
    const button = event.currentTarget.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await actions.addNote(box.value.trim());
      box.value = '';
      say('Note added.');
    } catch (error) {
      noteProblem.textContent = error.message;
    } finally {
      button.disabled = false;
    }
  });

  wireSavedReplies(reply, () => ({ name: shown ? shown.person.name || '' : '', me: me.name }), countCharacters);
}

function nameOf() {
  return shown ? personName(shown.person.name, shown.person.lastChannel) : 'They';
}

async function pause(button, until, actions) {
  await act(button, async () => {
    const { pausedUntil } = await actions.pause(until);
    byId('pause-details').open = false;
    say(pausedUntil
      ? `Support for ${nameOf()} is paused until ${fullDate(pausedUntil)}. They have been told.`
      : `Support for ${nameOf()} is paused with no date. They have been told.`);
    byId('person-heading').focus();
  });
}

async function sendReply(actions) {
  const reply = byId('reply-text');
  const replyProblem = byId('reply-error');
  const button = byId('reply-send');
  replyProblem.textContent = '';
  const text = reply.value.trim();
  if (button.disabled || reply.disabled) return;
  if (!text) {
    replyProblem.textContent = 'Write a reply first.';
    return reply.focus();
  }
  const personId = shown.person.id;
  button.disabled = true;
  try {
    await actions.reply(text);
    drafts.delete(personId);
    if (shown && shown.person.id === personId) reply.value = '';
    countCharacters();
    say('Reply sent.');
  } catch (error) {
    replyProblem.textContent = error.message;
  } finally {
    button.disabled = false;
    reply.focus();
  }
}

async function act(button, work) {
  byId('action-error').textContent = '';
  byId('action-status').textContent = '';
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    problem(error.message);
  } finally {
    button.disabled = false;
  }
}

function say(text) {
  byId('action-status').textContent = text;
}

function problem(text) {
  byId('action-error').textContent = text;
}

/** Clears the conversation pane (nobody open, or someone else about to be). */
export function clearConversation(message) {
  shown = null;
  forgetTimeline();
  byId('conversation').hidden = true;
  const nobody = byId('nobody-open');
  nobody.hidden = false;
  nobody.textContent = message || 'Choose someone from a queue to see their conversation.';
  byId('action-status').textContent = '';
  byId('action-error').textContent = '';
}

/** Draws `record`; `fresh` when it is a different person from the one shown before. */
export function showConversation(record, { backTo, fresh }) {
  const { person, conversation } = record;
  if (fresh) {
    byId('action-status').textContent = '';
    byId('action-error').textContent = '';
    byId('reply-error').textContent = '';
    byId('note-error').textContent = '';
    byId('note-text').value = '';
    byId('reply-text').value = drafts.get(person.id) || '';
    byId('pause-details').open = false;
    byId('pause-until').value = '';
    forgetTimeline();
  }
  shown = record;
  byId('nobody-open').hidden = true;
  byId('conversation').hidden = false;
  const name = personName(person.name, person.lastChannel);
  byId('person-heading').textContent = name;
  byId('back-to-queue').href = backTo;

  byId('person-summary').textContent = [person.phone, channelName(person.lastChannel), stateWords(conversation)].filter(Boolean).join(' · ');
  fill(byId('person-badges'), personBadges(record).map((b) => h('li', {}, b)));
  byId('person-badges').hidden = byId('person-badges').children.length === 0;

  const mine = conversation.handoffState === 'WITH_COACH' && conversation.assignedCoach && conversation.assignedCoach.id === me.id;
  byId('claim').hidden = mine;
  byId('claim').textContent = conversation.handoffState === 'WITH_COACH' && conversation.assignedCoach ? `Claim from ${conversation.assignedCoach.name}` : 'Claim';
  byId('hand-back').hidden = conversation.handoffState === 'BOT';
  byId('resume').hidden = !person.paused;
  byId('pause-details').hidden = Boolean(person.paused);
  const tomorrow = new Date();
  tomorrow.setDate(tomorrow.getDate() + 1);
  byId('pause-until').min = isoDate(tomorrow);

  showReplyBox(record, name);
  showTimeline(record, { name, me });
}

function stateWords(conversation) {
  const coach = conversation.assignedCoach;
  switch (conversation.handoffState) {
    case 'WAITING':
      return conversation.waitingSince ? `Waiting for a coach for ${howLong(conversation.waitingSince)}` : 'Waiting for a coach';
    case 'WITH_COACH':
      if (coach && coach.id === me.id) return conversation.awaitingReplySince ? `With you; waiting for your reply for ${howLong(conversation.awaitingReplySince)}` : 'With you';
      return coach ? `With ${coach.name}` : 'With a coach';
    default:
      return 'With the bot';
  }
}

function personBadges(record) {
  const badges = [];
  if (record.conversation.urgentSince) badges.push(badge('urgent', 'Urgent'));
  if (record.conversation.deliveryFailedAt) badges.push(badge('failed', 'Not delivered'));
  if (record.person.optedOut) badges.push(badge('opted-out', 'Opted out'));
  if (record.person.paused) badges.push(badge('paused', record.person.paused.until ? `Paused until ${briefDate(record.person.paused.until)}` : 'Paused'));
  return badges;
}

function showReplyBox(record, name) {
  const { person } = record;
  const channel = person.lastChannel;
  const by = channel ? ` (by ${channelName(channel)})` : '';
  byId('reply-label').textContent = person.name ? `Reply to ${person.name}${by}` : `Reply${by}`;
  const blocked = person.optedOut && channel === 'SMS'
    ? `${name} has opted out of texts. Lantern cannot text them until they text START.`
    : '';
  byId('reply-blocked').textContent = blocked;
  byId('reply-blocked').hidden = !blocked;
  byId('reply-text').disabled = Boolean(blocked);
  byId('reply-send').disabled = Boolean(blocked);
  countCharacters();
}

function countCharacters() {
  const text = byId('reply-text').value;
  const length = [...text].length;
  const bySms = shown && shown.person.lastChannel === 'SMS';
  const parts = bySms ? smsParts(text) : 0;
  byId('reply-count').textContent = `${length} of ${MAX_REPLY} characters${bySms && parts > 0 ? `, ${parts === 1 ? '1 text' : `${parts} texts`}` : ''}`;
  byId('reply-count').classList.toggle('is-over', length > MAX_REPLY);
}
