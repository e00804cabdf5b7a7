// Starts GOV.UK Frontend's JavaScript (docs/design.md). The Content-Security-Policy allows no
// inline script, so the body classes GOV.UK's page template sets with an inline snippet are set
// here. This file is loaded with <script type="module">, so only browsers that support ES modules
// run it: exactly the browsers "govuk-frontend-supported" stands for.
import { initAll } from "./govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
