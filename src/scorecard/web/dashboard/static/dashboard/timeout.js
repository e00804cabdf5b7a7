// The session timeout warning (WCAG 2.2.1 Timing Adjustable; docs/design.md). A session ends
// after SESSION_COOKIE_AGE seconds without a request; two minutes before that, on a page of
// someone signed in, a modal dialog says so, and "Stay signed in" (or Escape) asks the server
// to keep the session going. If no one answers, the dialog says the session has ended, so that
// whatever was typed on the page can be copied before signing in again.
const WARN_BEFORE = 120; // seconds: the dialog's heading says "in 2 minutes"

export function watchSession(dialog) {
  const seconds = Number(dialog.dataset.sessionSeconds);
  if (!seconds || typeof dialog.showModal !== "function") return;
  const before = dialog.querySelector(".app-timeout__before");
  const after = dialog.querySelector(".app-timeout__after");
  const signIn = after.querySelector("a");
  const here = encodeURIComponent(location.pathname + location.search);
  signIn.setAttribute("href", `${signIn.getAttribute("href")}?next=${here}`);
  let warning;
  let ending;

  const open = () => {
    if (!dialog.open) dialog.showModal();
  };
  const ended = () => {
    before.hidden = true;
    after.hidden = false;
    dialog.setAttribute("aria-labelledby", "session-timeout-ended-title");
    dialog.setAttribute("aria-describedby", "session-timeout-ended-text");
    open();
    after.querySelector("button").focus();
  };
  const start = () => {
    clearTimeout(warning);
    clearTimeout(ending);
    warning = setTimeout(() => {
      open();
      before.querySelector("button").focus();
    }, Math.max(0, seconds - WARN_BEFORE) * 1000);
    ending = setTimeout(ended, seconds * 1000);
  };
  const stay = async () => {
    if (!after.hidden) {
      dialog.close();
      return;
    }
    let kept = false;
    try {
      const response = await fetch(dialog.dataset.keepUrl, {
        credentials: "same-origin",
        cache: "no-store",
      });
      kept = response.ok;
    } catch {
      kept = false;
    }
    if (kept) {
      dialog.close();
      start();
    } else {
      clearTimeout(ending);
      ended();
    }
  };

  before.querySelector("button").addEventListener("click", stay);
  after.querySelector("button").addEventListener("click", () => dialog.close());
  dialog.addEventListener("cancel", (event) => {
    // Escape: the same as "Stay signed in" (the browser would close the dialog without it)
    event.preventDefault();
    stay();
  });
  start();
}
