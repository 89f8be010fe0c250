// Lantern's web chat page: keeps this device's conversation (a Direct Line token in
// localStorage), resumes it on every visit, and renders Microsoft's Web Chat against Lantern's
// own Direct Line API. Plain browser JavaScript, no build step.
(function () {
  'use strict';

  var STORAGE_KEY = 'lantern.webChat';
  var API = location.origin + '/v3/directline';
  // Tokens last an hour; refreshing every 15 minutes keeps the stored one usable for resuming.
  var REFRESH_MS = 15 * 60 * 1000;
  // Web Chat's ConnectionStatus.ExpiredToken.
  var EXPIRED_TOKEN = 3;

  var statusLine = document.getElementById('chat-status');
  var problem = document.getElementById('chat-problem');
  var problemText = document.getElementById('chat-problem-text');
  var region = document.getElementById('webchat');
  var refreshTimer = null;
  var directLine = null;

  function readSaved() {
    try {
      var saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
      if (saved && typeof saved.conversationId === 'string' && typeof saved.token === 'string') return saved;
    } catch (error) {
      // Storage blocked or damaged: start a new conversation.
    }
    return null;
  }

  function save(session) {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify({ conversationId: session.conversationId, token: session.token }));
    } catch (error) {
      // Private browsing can refuse storage; the chat still works until the page closes.
    }
  }

  function forget() {
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch (error) {
      // nothing stored
    }
  }

  /** Calls the Direct Line API. Resolves with the JSON body, or rejects with { status }. */
  function post(path, token, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(API + path, { method: 'POST', headers: headers, body: JSON.stringify(body || {}), credentials: 'omit' }).then(function (response) {
      if (!response.ok) return Promise.reject({ status: response.status });
      return response.json();
    });
  }

  function refresh(saved) {
    return post('/tokens/refresh', saved.token).then(function (session) {
      save(session);
      return session;
    });
  }

  // A practice's invitation (/r/<code> lands on /chat?ref=<code>) or its own link (?practice=<ODS code>).
  var invitation = (function () {
    var query = new URLSearchParams(location.search);
    var found = {};
    if (query.get('ref')) found.ref = query.get('ref');
    if (query.get('practice')) found.practice = query.get('practice');
    return found;
  })();

  function startNew() {
    return post('/tokens/generate', null, invitation).then(function (session) {
      save(session);
      // Used once: a reload resumes this conversation rather than starting another.
      if (invitation.ref || invitation.practice) history.replaceState(null, '', location.pathname);
      invitation = {};
      return session;
    });
  }

  /** This device's conversation if it can still be resumed, otherwise a new one. */
  function session() {
    var saved = readSaved();
    // An invitation link opens the conversation it was sent for, joined to the texts.
    if (!saved || invitation.ref) return startNew();
    return refresh(saved).catch(function (error) {
      // Only a refused token starts afresh; a network blip must not lose someone's conversation.
      if (error && (error.status === 401 || error.status === 403)) return startNew();
      return Promise.reject(error);
    });
  }

  /**
   * Hands Web Chat a fresh token for the conversation it shows. Phones pause timers while asleep,
   * so this also runs whenever the page is seen again: Web Chat's own copy of the token may have
   * expired meanwhile, while the stored one can still be refreshed.
   */
  function renewToken() {
    var saved = readSaved();
    if (!saved || !directLine) return;
    var current = directLine;
    refresh(saved)
      .then(function (session) {
        if (current === directLine) current.reconnect({ token: session.token, streamUrl: current.streamUrl });
      })
      .catch(function (error) {
        // Refused: too long away, or "Start again" in another tab. Begin again from storage.
        if (error && (error.status === 401 || error.status === 403) && current === directLine) start();
      });
  }

  function keepFresh() {
    clearInterval(refreshTimer);
    refreshTimer = setInterval(renewToken, REFRESH_MS);
  }

  var styleOptions = {
    primaryFont: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    fontSizeSmall: '80%',
    accent: '#0b4f8a',
    subtle: '#4a4a4a',
    backgroundColor: '#ffffff',
    bubbleBackground: '#eeeeee',
    bubbleBorderColor: '#bdbdbd',
    bubbleBorderWidth: 1,
    bubbleBorderRadius: 12,
    bubbleTextColor: '#1b1b1b',
    bubbleFromUserBackground: '#0b4f8a',
    bubbleFromUserBorderColor: '#0b4f8a',
    bubbleFromUserBorderWidth: 1,
    bubbleFromUserBorderRadius: 12,
    bubbleFromUserTextColor: '#ffffff',
    bubbleMinHeight: 44,
    botAvatarInitials: 'L',
    botAvatarBackgroundColor: '#5c3d00',
    sendBoxTextColor: '#1b1b1b',
    sendBoxBackground: '#ffffff',
    sendBoxBorderTop: 'solid 2px #767676',
    sendBoxButtonColor: '#0b4f8a',
    sendBoxHeight: 56,
    suggestedActionBorderColor: '#0b4f8a',
    suggestedActionTextColor: '#0b4f8a',
    timestampColor: '#4a4a4a',
    // Pictures and files are not supported (the server says so); don't offer them.
    hideUploadButton: true,
  };

  // Messages posted but not yet acknowledged, by client activity id. Kept across restarts of the
  // chat so words typed just as the connection was refused are not lost (see restoreUnsent).
  var unsent = {};

  // Web Chat's Redux store sees every message in and out; these middlewares need no React.
  function chatMiddleware(api) {
    return function (next) {
      return function (action) {
        trackUnsent(action);
        var result = next(labelCoachMessage(action));
        if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') restoreUnsent(api.dispatch);
        return result;
      };
    };
  }

  function trackUnsent(action) {
    var id = action.meta && action.meta.clientActivityID;
    if (!id) return;
    var activity = action.payload && action.payload.activity;
    if (action.type === 'DIRECT_LINE/POST_ACTIVITY_PENDING' && activity && activity.type === 'message') unsent[id] = activity.text || '';
    if (action.type === 'DIRECT_LINE/POST_ACTIVITY_FULFILLED') {
      delete unsent[id];
      statusLine.textContent = '';
    }
  }

  /** After a restart, puts any words that never reached Lantern back in the box, and says so. */
  function restoreUnsent(dispatch) {
    var texts = Object.keys(unsent).map(function (id) {
      return unsent[id];
    }).filter(Boolean);
    unsent = {};
    if (texts.length === 0) return;
    dispatch({ type: 'WEB_CHAT/SET_SEND_BOX', payload: { text: texts.join('\n') } });
    statusLine.textContent = 'Your last message did not reach Lantern. It is back in the box below: press send to try again.';
  }

  // Web Chat shows Lantern and a coach alike (both are the "bot" side), but a person should always
  // know when a human is writing. The server names the coach in `from.name`; this adds it to the
  // words shown, in this browser only.
  function labelCoachMessage(action) {
    var activity = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload && action.payload.activity;
    if (!activity || activity.type !== 'message' || !activity.from || activity.from.role !== 'bot' || activity.from.name !== 'Your coach') return action;
    var labelled = Object.assign({}, activity, { text: '**Your coach:** ' + (activity.text || '') });
    return Object.assign({}, action, { payload: Object.assign({}, action.payload, { activity: labelled }) });
  }

  function showProblem(text) {
    statusLine.textContent = '';
    problemText.textContent = text;
    problem.hidden = false;
  }

  var starting = false;

  function start() {
    if (starting) return;
    starting = true;
    problem.hidden = true;
    statusLine.textContent = 'Connecting you to Lantern…';
    if (!window.WebChat) {
      showProblem('The chat could not load. Please check your connection and try again.');
      starting = false;
      return;
    }
    session()
      .then(function (current) {
        if (directLine) directLine.end();
        directLine = window.WebChat.createDirectLine({
          token: current.token,
          conversationId: current.conversationId,
          domain: API,
          webSocket: true,
        });
        var shown = directLine;
        shown.connectionStatus$.subscribe(function (status) {
          // Web Chat gives up on a conversation once its token is refused; reconnect from the
          // stored token (the conversation is replayed from the server).
          if (status === EXPIRED_TOKEN && shown === directLine) start();
        });
        window.WebChat.renderWebChat(
          {
            directLine: directLine,
            store: window.WebChat.createStore({}, chatMiddleware),
            locale: 'en-GB',
            styleOptions: styleOptions,
            overrideLocalizedStrings: {
              TEXT_INPUT_PLACEHOLDER: 'Type your message',
              // Read out before each reply; the default says "Bot L said".
              ACTIVITY_BOT_SAID_ALT: 'Lantern said:',
            },
          },
          region,
        );
        statusLine.textContent = '';
        keepFresh();
      })
      .catch(function () {
        showProblem('We cannot reach Lantern just now. Please check your connection and try again.');
      })
      .then(function () {
        starting = false;
      });
  }

  document.getElementById('try-again').addEventListener('click', start);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') renewToken();
  });
  document.getElementById('start-again').addEventListener('click', function () {
    var sure = window.confirm('Start a new conversation? The messages here will no longer show on this device.');
    if (!sure) return;
    clearInterval(refreshTimer);
    if (directLine) directLine.end();
    forget();
    // Without the query string, so a referral code is not used twice.
    location.replace(location.pathname);
  });

  start();
})();
