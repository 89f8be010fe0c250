// The inbox's only way to the server: same-origin JSON with the session cookie, and the CSRF
// token on everything that changes something.

let csrfToken = null;
let whenSignedOut = () => {};
// Aborted when the coach signs out, so nothing still in flight comes back as "session ended".
let inFlight = new AbortController();

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Every sign-in, "me", password change and two-step confirmation hands out the current token. */
export function rememberSession(body) {
  if (body && typeof body.csrfToken === 'string') csrfToken = body.csrfToken;
}

export function forgetSession() {
  csrfToken = null;
}

/** Cancels every request in flight and refuses new ones, except the sign-in calls themselves. */
export function stopRequests() {
  inFlight.abort();
}

/** Signing out failed: carry on as before. */
export function resumeRequests() {
  if (inFlight.signal.aborted) inFlight = new AbortController();
}

/** Called once when a request finds the session has ended (not for the sign-in calls themselves). */
export function onSignedOut(handler) {
  whenSignedOut = handler;
}

export function getJson(path, options = {}) {
  return request('GET', path, undefined, options);
}

export function postJson(path, body = {}, options = {}) {
  return request('POST', path, body, options);
}

export function putJson(path, body = {}, options = {}) {
  return request('PUT', path, body, options);
}

async function request(method, path, body, options) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = options.contentType || 'application/json';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  const signals = [inFlight.signal, options.signal].filter(Boolean);
  // Treated like a 401 by callers (nothing to show), without starting the "session ended" path.
  const signingOut = () => new ApiError(401, 'signing-out', 'Signing out');
  if (!options.signingIn && inFlight.signal.aborted) throw signingOut();
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : options.contentType ? body : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signingIn ? options.signal : AbortSignal.any(signals),
    });
  } catch (error) {
    if (!options.signingIn && inFlight.signal.aborted) throw signingOut();
    if (error && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'offline', 'Lantern could not be reached. Check the connection and try again.');
  }
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!options.signingIn && inFlight.signal.aborted) throw signingOut();
  if (response.ok) return data;
  const problem = (data && data.error) || {};
  const error = new ApiError(response.status, problem.code || 'error', problem.message || `Something went wrong (${response.status}).`, problem.details);
  if (response.status === 401 && !options.signingIn) whenSignedOut(error);
  throw error;
}

/** A field's problem from a 400 answer ({ details: [{ field, problem }] }), if the server named one. */
export function fieldProblem(error, field) {
  const details = error && Array.isArray(error.details) ? error.details : [];
  const found = details.find((detail) => detail && detail.field === field);
  return found ? found.problem : null;
}
