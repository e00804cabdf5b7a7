// The session timeout warning (WCAG 2.2.1 Timing Adjustable; docs/design.md). A session ends
// after SESSION_COOKIE_AGE seconds without a request; two minutes before that, on a page of
// someone signed in, a modal dialog says so, and "Stay signed in" (or Escape) asks the server
// to keep the session going. If no one answers, the dialog says the session has ended, so that
// whatever was typed on the page can be copied before signing in again.
//
// Every tab of the site counts from the latest request the server saw from this browser, not
// from when it opened: each page, and each "Stay signed in" that worked, writes that time to
// localStorage, and the other tabs, told by the `storage` event, count again (an open warning
// closes itself). Where localStorage cannot be used, each tab counts from its own requests. And
// before it warns, or says the session has ended, the page asks the server how long the session
// has left (an address that does not keep it going), which counts requests no page made (a
// download, say): "You have been signed out" is said only once the server says so.
const WARN_BEFORE = 120; // seconds: the dialog's heading says "in 2 minutes"
const NEAR = 2; // seconds: how much later than WARN_BEFORE the server's end may be, still warned
const RETRY = 10; // seconds: when the server cannot be reached, ask again after this
const SHARED = "scorecard-session-last-request"; // milliseconds since 1970

function sharedTime() {
  try {
    return Number(window.localStorage.getItem(SHARED)) || 0;
  } catch {
    return 0; // no localStorage (blocked, or a private window of an old browser)
  }
}

function share(time) {
  try {
    if (time > sharedTime()) window.localStorage.setItem(SHARED, String(Math.round(time)));
  } catch {
    // no localStorage: this tab alone counts from it
  }
}

export function watchSession(dialog) {
  const seconds = Number(dialog.dataset.sessionSeconds);
  if (!seconds || typeof dialog.showModal !== "function") return;
  const before = dialog.querySelector(".app-timeout__before");
  const after = dialog.querySelector(".app-timeout__after");
  const unreachable = dialog.querySelector(".app-timeout__unreachable");
  const signIn = after.querySelector("a");
  const here = encodeURIComponent(location.pathname + location.search);
  signIn.setAttribute("href", `${signIn.getAttribute("href")}?next=${here}`);
  let lastRequest = Date.now(); // this page's own: it has just been served
  let timer;

  const hasEnded = () => !after.hidden;
  const left = () => Math.max(lastRequest, sharedTime()) + seconds * 1000 - Date.now();
  const requested = (time) => {
    lastRequest = Math.max(lastRequest, time);
    share(lastRequest);
  };
  const say = (unreached) => {
    if (!unreached) unreachable.replaceChildren();
    else if (!unreachable.hasChildNodes()) {
      const line = document.createElement("p");
      line.className = "govuk-body govuk-!-font-weight-bold";
      line.textContent = unreachable.dataset.text;
      unreachable.replaceChildren(line);
    }
  };
  const warn = () => {
    if (dialog.open) return;
    say(false);
    dialog.showModal();
    before.querySelector("button").focus();
  };
  const ended = () => {
    clearTimeout(timer);
    before.hidden = true;
    after.hidden = false;
    dialog.setAttribute("aria-labelledby", "session-timeout-ended-title");
    dialog.setAttribute("aria-describedby", "session-timeout-ended-text");
    if (!dialog.open) dialog.showModal();
    after.querySelector("button").focus();
  };
  const reopen = () => {
    // signed in again elsewhere after the dialog said the session had ended, and was closed
    before.hidden = false;
    after.hidden = true;
    dialog.setAttribute("aria-labelledby", "session-timeout-title");
    dialog.setAttribute("aria-describedby", "session-timeout-text");
  };

  // How long the session has left, in the server's words, without keeping it going: seconds,
  // 0 once it has ended, or null if the server cannot be reached.
  const ask = async () => {
    try {
      const response = await fetch(dialog.dataset.checkUrl, {
        credentials: "same-origin",
        cache: "no-store",
      });
      if (response.status === 403) return 0;
      if (!response.ok) return null;
      const answer = Number((await response.json()).seconds_left);
      return Number.isFinite(answer) ? answer : null;
    } catch {
      return null;
    }
  };
  let schedule;
  const check = async () => {
    const answer = await ask();
    if (hasEnded()) return;
    if (answer === 0) {
      ended();
    } else if (answer === null) {
      // not known: the warning stays (or comes), and the server is asked again
      warn();
      if (left() <= 0) say(true);
      clearTimeout(timer);
      timer = setTimeout(check, RETRY * 1000);
    } else {
      requested(Date.now() - (seconds - answer) * 1000);
      schedule();
    }
  };
  // Counts from the latest request known: the server is asked when the warning is due, and
  // again when the session would end.
  schedule = () => {
    clearTimeout(timer);
    if (hasEnded()) return;
    const remaining = left();
    if (remaining > (WARN_BEFORE + NEAR) * 1000) {
      if (dialog.open) dialog.close(); // kept going meanwhile (in another tab, say)
      timer = setTimeout(check, Math.max(1000, remaining - WARN_BEFORE * 1000));
    } else {
      warn();
      timer = setTimeout(check, Math.max(1000, remaining));
    }
  };

  const stay = async () => {
    if (hasEnded()) {
      dialog.close();
      return;
    }
    let status = null;
    try {
      const response = await fetch(dialog.dataset.keepUrl, {
        credentials: "same-origin",
        cache: "no-store",
      });
      status = response.status;
    } catch {
      status = null;
    }
    if (status !== null && status >= 200 && status < 300) {
      requested(Date.now());
      say(false);
      dialog.close();
      schedule();
    } else if (status === 403) {
      ended(); // the server says the session has ended
    } else {
      say(true); // not kept, and not known to have ended: the warning stays
    }
  };

  before.querySelector("button").addEventListener("click", stay);
  after.querySelector("button").addEventListener("click", () => dialog.close());
  dialog.addEventListener("cancel", (event) => {
    // Escape: the same as "Stay signed in" (the browser would close the dialog without it)
    event.preventDefault();
    stay();
  });
  window.addEventListener("storage", (event) => {
    if (event.key !== SHARED) return;
    if (hasEnded()) {
      if (dialog.open) return; // what it says stays until it is closed
      reopen();
    }
    schedule();
  });
  share(lastRequest);
  schedule();
}
