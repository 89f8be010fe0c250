// Keeping the inbox current: the server's event stream, browser notifications when asked for,
// and signing out a screen that has been left alone.

const STREAM = '/api/inbox/events';
const RETRY_AFTER_CLOSE_MS = 10_000;
const IDLE_LIMIT_MS = 30 * 60_000;

/**
 * Listens to /api/inbox/events. EventSource reconnects by itself after a drop; if the server
 * refuses it outright (signed out, say) it stays closed, so `lost()` is asked what to do and we
 * try again later. `opened()` runs on every (re)connection: anything missed meanwhile is re-read.
 */
export function listenForChanges({ changed, opened, status, lost }) {
  let source = null;
  let retry = null;
  const connect = () => {
    source = new EventSource(STREAM);
    source.addEventListener('open', () => {
      status('live');
      opened();
    });
    source.addEventListener('changed', (event) => {
      try {
        const { personId } = JSON.parse(event.data);
        if (typeof personId === 'string') changed(personId);
      } catch {
        // Not ours to understand: ignore it; the next refresh catches up.
      }
    });
    source.addEventListener('error', () => {
      if (source.readyState !== EventSource.CLOSED) return status('reconnecting');
      status('offline');
      source.close();
      lost();
      retry = setTimeout(connect, RETRY_AFTER_CLOSE_MS);
    });
  };
  connect();
  return {
    get connected() {
      return source !== null && source.readyState === EventSource.OPEN;
    },
    close() {
      clearTimeout(retry);
      source?.close();
    },
  };
}

/** The "Notify me" button: asks for permission only when clicked, and says where things stand. */
export function wireNotifyButton(button) {
  if (!('Notification' in window)) {
    button.hidden = true;
    return;
  }
  const show = () => {
    const permission = Notification.permission;
    button.textContent = permission === 'granted' ? 'Notifications on' : permission === 'denied' ? 'Notifications blocked' : 'Notify me';
    button.disabled = permission !== 'default';
    button.title = permission === 'denied' ? 'Your browser is blocking notifications from Lantern; change it in the site settings.' : '';
  };
  button.addEventListener('click', () => {
    Notification.requestPermission().then(show, show);
  });
  show();
}

/** A system notification, only when the inbox is not in front of the coach. No names or words: screens are shared. */
export function notify(title, body, tag) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  if (document.visibilityState === 'visible' && document.hasFocus()) return;
  const notification = new Notification(title, { body, tag });
  notification.addEventListener('click', () => {
    window.focus();
    notification.close();
  });
}

/**
 * The inbox refreshes itself, which keeps the session cookie fresh; an unattended laptop in a
 * practice must still sign out, so the page counts only what the coach does.
 */
export function signOutWhenIdle(signOut) {
  let lastActive = Date.now();
  const active = () => {
    lastActive = Date.now();
  };
  for (const type of ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart']) {
    window.addEventListener(type, active, { capture: true, passive: true });
  }
  const check = () => {
    if (Date.now() - lastActive > IDLE_LIMIT_MS) signOut();
  };
  setInterval(check, 30_000);
  document.addEventListener('visibilitychange', check);
}

/** Runs `work` once at a time; calls made meanwhile run it once more afterwards. */
export function oneAtATime(work) {
  let running = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await work();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };
}
