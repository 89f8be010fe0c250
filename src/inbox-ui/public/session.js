// Getting a coach signed in: sign-in (with a code when two-step is on), the first-time password
// change, an admin's two-step set-up, and signing out.

import { fieldProblem, getJson, postJson, rememberSession, forgetSession, resumeRequests, stopRequests } from './api.js';
import { byId } from './dom.js';

const VIEWS = ['loading', 'sign-in-view', 'password-view', 'totp-view', 'inbox-view', 'practice-view', 'directory-view', 'report-view'];
const NOTICE_KEY = 'lantern.inbox.notice';

export function showView(id) {
  for (const view of VIEWS) byId(view).hidden = view !== id;
}

/** A line to show above the sign-in form after the page reloads (why they were signed out). */
export function leaveNotice(text) {
  try {
    sessionStorage.setItem(NOTICE_KEY, text);
  } catch {
    // Storage refused: the sign-in form still shows, without the reason.
  }
}

function takeNotice() {
  try {
    const text = sessionStorage.getItem(NOTICE_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
    return text || '';
  } catch {
    return '';
  }
}

/** Resolves with the member of staff once they are fully in: signed in, password changed, two-step set up. */
export async function signedIn() {
  let body = null;
  try {
    body = await getJson('/api/auth/me', { signingIn: true });
  } catch (error) {
    if (error.status !== 401) throw error;
  }
  if (!body) body = await signInForm();
  rememberSession(body);
  if (body.staff.mustChangePassword) body = await passwordForm();
  if (body.totpRequired) body = await totpForm();
  return body.staff;
}

/** Ends the session (here, or on every device) and starts the page afresh, holding nothing. */
export async function signOut(everywhere, notice) {
  stopRequests();
  try {
    await postJson(everywhere ? '/api/auth/sign-out-everywhere' : '/api/auth/sign-out', {}, { signingIn: true });
  } catch (error) {
    // Already signed out is signed out; anything else must not look like it worked.
    if (error.status !== 401) {
      resumeRequests();
      throw error;
    }
  }
  forgetSession();
  leaveNotice(notice || (everywhere ? 'You are signed out on every device.' : 'You are signed out.'));
  location.assign(location.pathname === '/practice' ? '/practice' : '/inbox');
}

/** The session ended under us (timed out, or signed out elsewhere): start again at the same address. */
export function sessionEnded(notice) {
  forgetSession();
  leaveNotice(notice || 'Your session has ended. Sign in again to carry on.');
  location.reload();
}

function signInForm() {
  showView('sign-in-view');
  const form = byId('sign-in-form');
  const email = byId('sign-in-email');
  const password = byId('sign-in-password');
  const codeField = byId('sign-in-code-field');
  const code = byId('sign-in-code');
  const problem = byId('sign-in-error');
  byId('sign-in-notice').textContent = takeNotice();
  email.focus();

  return new Promise((resolve) => {
    form.addEventListener('submit', async function submit(event) {
      event.preventDefault();
      problem.textContent = '';
      const needsCode = !codeField.hidden;
      const missing = [[email, 'your email'], [password, 'your password']].find(([input]) => !input.value.trim());
      if (missing) return refuse(problem, missing[0], `Enter ${missing[1]}.`);
      if (needsCode && !/^\d{6}$/.test(code.value.trim())) return refuse(problem, code, 'Enter the 6 digits your authenticator app shows.');
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        const body = await postJson('/api/auth/sign-in', {
          email: email.value.trim(),
          password: password.value,
          ...(needsCode ? { code: code.value.trim() } : {}),
        }, { signingIn: true });
        password.value = '';
        code.value = '';
        form.removeEventListener('submit', submit);
        resolve(body);
      } catch (error) {
        if (error.status === 401 && error.details && error.details.needsCode) {
          codeField.hidden = false;
          code.value = '';
          refuse(problem, code, error.message);
        } else {
          refuse(problem, error.status === 401 ? password : email, error.message);
        }
      } finally {
        button.disabled = false;
      }
    });
  });
}

function passwordForm() {
  showView('password-view');
  const form = byId('password-form');
  const fields = {
    currentPassword: byId('current-password'),
    newPassword: byId('new-password'),
    repeat: byId('repeat-password'),
  };
  const problems = {
    currentPassword: byId('current-password-problem'),
    newPassword: byId('new-password-problem'),
    repeat: byId('repeat-password-problem'),
  };
  const problem = byId('password-error');
  fields.currentPassword.focus();

  const mark = (name, text) => {
    problems[name].textContent = text;
    if (text) fields[name].setAttribute('aria-invalid', 'true');
    else fields[name].removeAttribute('aria-invalid');
  };

  return new Promise((resolve) => {
    form.addEventListener('submit', async function submit(event) {
      event.preventDefault();
      problem.textContent = '';
      for (const name of Object.keys(fields)) mark(name, '');
      if (!fields.currentPassword.value) {
        mark('currentPassword', 'Enter the password you signed in with.');
        return fields.currentPassword.focus();
      }
      if ([...fields.newPassword.value].length < 10) {
        mark('newPassword', 'Make it at least 10 characters.');
        return fields.newPassword.focus();
      }
      if (fields.repeat.value !== fields.newPassword.value) {
        mark('repeat', 'This does not match the new password.');
        return fields.repeat.focus();
      }
      const button = form.querySelector('button[type="submit"]');
      button.disabled = true;
      try {
        const body = await postJson('/api/auth/password', { currentPassword: fields.currentPassword.value, newPassword: fields.newPassword.value });
        rememberSession(body);
        for (const input of Object.values(fields)) input.value = '';
        form.removeEventListener('submit', submit);
        resolve(body);
      } catch (error) {
        const named = ['currentPassword', 'newPassword'].find((name) => fieldProblem(error, name));
        if (named) {
          mark(named, `This ${fieldProblem(error, named)}.`);
          fields[named].focus();
        } else {
          problem.textContent = error.message;
        }
      } finally {
        button.disabled = false;
      }
    });
  });
}

async function totpForm() {
  showView('totp-view');
  const form = byId('totp-form');
  const code = byId('totp-code');
  const problem = byId('totp-error');
  const { secret } = await postJson('/api/auth/totp/setup');
  // In fours, as authenticator apps show keys: easier to type without losing your place.
  byId('totp-secret').textContent = String(secret).replace(/(.{4})(?=.)/g, '$1 ');
  code.focus();

  return new Promise((resolve) => {
    form.addEventListener('submit', async function submit(event) {
      event.preventDefault();
      problem.textContent = '';
      if (!/^\d{6}$/.test(code.value.trim())) return refuse(problem, code, 'Enter the 6 digits the app shows.');
      try {
        const body = await postJson('/api/auth/totp/confirm', { code: code.value.trim() });
        rememberSession(body);
        form.removeEventListener('submit', submit);
        resolve(body);
      } catch (error) {
        refuse(problem, code, error.message);
      }
    });
  });
}

function refuse(problem, input, message) {
  problem.textContent = message;
  input.focus();
}
