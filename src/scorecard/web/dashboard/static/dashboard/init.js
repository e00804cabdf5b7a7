// Starts GOV.UK Frontend's JavaScript (docs/design.md). The Content-Security-Policy allows no
// inline script, so the body classes GOV.UK's page template sets with an inline snippet are set
// here. This file is loaded with <script type="module">, so only browsers that support ES modules
// run it: exactly the browsers "govuk-frontend-supported" stands for.
import { initAll } from "./govuk/govuk-frontend.min.js";
import { watchSession } from "./timeout.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Someone signed in is warned before their session ends (accounts/_session_timeout.html).
const timeout = document.getElementById("session-timeout");
if (timeout) watchSession(timeout);
