// Check-ins on a person's behalf: how often Lantern writes first, on which day, and the days it
// never does. Filled from the record only when someone new is opened, so a half-made change stays.

import { byId } from './dom.js';
import { rhythmName } from './words.js';

const boxes = () => [...byId('rhythm-form').querySelectorAll('input[name="quiet-day"]')];

/** `save({ rhythm, day, quietDays })` resolves once saved. */
export function wireRhythmForm(save) {
  const form = byId('rhythm-form');
  const choice = byId('rhythm-choice');
  const day = byId('rhythm-day');
  const problem = byId('rhythm-error');
  const everyDayOff = () => boxes().every((box) => box.checked);
  choice.addEventListener('change', () => {
    day.disabled = choice.value === 'ONLY_WHEN_I_WRITE';
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    problem.textContent = '';
    if (everyDayOff() && choice.value !== 'ONLY_WHEN_I_WRITE') {
      problem.textContent = 'With every day ticked Lantern could never check in. Untick a day, or choose "Only when they write".';
      return choice.focus();
    }
    const button = byId('rhythm-save');
    button.disabled = true;
    try {
      const rhythm = choice.value;
      const chosenDay = rhythm === 'ONLY_WHEN_I_WRITE' || day.value === '' ? null : Number(day.value);
      await save({ rhythm, day: chosenDay, quietDays: boxes().filter((box) => box.checked).map((box) => Number(box.value)) });
      byId('rhythm-details').open = false;
      byId('rhythm-status').textContent = `Check-ins saved: ${rhythmName(rhythm, chosenDay)}. They have been told.`;
    } catch (error) {
      problem.textContent = error.message;
    } finally {
      button.disabled = false;
    }
  });
}

export function fillRhythmForm(person) {
  byId('rhythm-details').open = false;
  byId('rhythm-error').textContent = '';
  byId('rhythm-status').textContent = '';
  byId('rhythm-choice').value = person.checkInRhythm.rhythm;
  byId('rhythm-day').value = typeof person.checkInRhythm.day === 'number' ? String(person.checkInRhythm.day) : '';
  byId('rhythm-day').disabled = person.checkInRhythm.rhythm === 'ONLY_WHEN_I_WRITE';
  for (const box of boxes()) box.checked = (person.quietDays || []).includes(Number(box.value));
}
