// The dashboard's only script: it replaces a panel's content with the server's newly rendered HTML
// (every value in it escaped on the server) when the server says it changed, over server-sent events.
// The Content-Security-Policy runs this file and nothing else: no inline script, no handler attribute.
'use strict';
(function () {
  const live = document.getElementById('live');
  const show = (text, state) => {
    live.textContent = text;
    live.className = 'live ' + state;
  };
  const events = new EventSource('/dashboard/events');
  events.addEventListener('open', () => show('live', 'on'));
  events.addEventListener('panel', (event) => {
    const update = JSON.parse(event.data);
    const target = document.getElementById('panel-' + update.id);
    if (target !== null) {
      target.innerHTML = update.html;
      target.dataset.updated = String(Date.now());
    }
  });
  events.addEventListener('error', () => {
    if (events.readyState === EventSource.CLOSED) {
      // refused (logged out, session expired): the page itself sends to the login form
      show('disconnected', 'off');
      window.setTimeout(() => window.location.reload(), 5000);
    } else {
      show('reconnecting', 'off');
    }
  });
}());
