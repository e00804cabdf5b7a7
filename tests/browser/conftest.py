"""Browser tests: the running site (pytest-django's live server, with both bundled plans loaded)
in Debian's Chromium, driven by Playwright's sync API, one browser for the whole session.

Run by `make test` like every other test; `pytest -m browser` runs only these. They need
/usr/bin/chromium (`apt-get install chromium`; `.ci/run` installs it) and axe-core from
node_modules (`make install`); `playwright install` is not used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, BrowserContext, Page

from scorecard.planfiles.reader import PlanReading, read_plan
from scorecard.web.catalogue.services import load_plan
from tests.conftest import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PLANS = ("west-sussex-2024-27", "west-sussex-2024-27-synthetic")
WS = "/plans/west-sussex-2024-27"
SYNTHETIC = "/plans/west-sussex-2024-27-synthetic"

WIDE = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}


# Playwright's sync API keeps an asyncio event loop running in this thread from the moment the
# browser starts until the session ends, and Django refuses database calls from a thread with a
# running loop (SynchronousOnlyOperation). So the browser tests run after every other test, and
# while they run, Django is told that this thread's calls are ordinary synchronous ones. The
# setting is not left in the environment, where other tests' subprocesses would inherit it
# (`manage.py check --deploy` warns about it).


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last (after any shuffling by pytest-randomly), in their shuffled order."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def synchronous_calls_allowed() -> Iterator[None]:
    """From before the browser starts until the session ends (only browser tests are left)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], synchronous_calls_allowed: None
) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def readings() -> dict[str, PlanReading]:
    """Both bundled plans, read once (loading them into the store is per test: a transactional
    test empties the database when it ends).

    The page cache is emptied once here, of pages other tests built from other data. Between
    browser tests it is kept: every test loads the same plans and figures, and a page is cached
    under its data's version, so a page built in one test is the page any other would build."""
    cache.clear()
    found = {plan_id: read_plan(ROOT / "plans" / plan_id) for plan_id in PLANS}
    for plan_id, reading in found.items():
        assert reading.plan is not None, plan_id
    return found


@pytest.fixture
def site(
    synchronous_calls_allowed: None,
    live_server: Any,
    transactional_db: None,
    readings: dict[str, PlanReading],
) -> str:
    """The live server's address, with both bundled plans in its store."""
    for plan_id, reading in readings.items():
        assert reading.plan is not None
        load_plan(reading.plan, reading.figures, source=plan_id, loaded_by="tester")
    return str(live_server.url)


OpenPage = Callable[..., Page]


@pytest.fixture
def open_page(browser: Browser, site: str) -> Iterator[OpenPage]:
    """open_page(path, viewport=WIDE, javascript=True): a page of the site in a new browser
    context. The context bypasses the Content-Security-Policy, which forbids the inline script
    that injecting axe-core adds; everything else about the page is as served."""
    contexts: list[BrowserContext] = []

    def open_(path: str, *, viewport: dict[str, int] = WIDE, javascript: bool = True) -> Page:
        context = browser.new_context(
            viewport=viewport,
            bypass_csp=True,
            java_script_enabled=javascript,
            reduced_motion="reduce",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto(site + path)
        return page

    yield open_
    for context in contexts:
        context.close()


# axe-core -----------------------------------------------------------------------------------


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules on the page as it is now."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make install`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """tags => axe.run(document, {
          runOnly: {type: 'tag', values: tags},
          resultTypes: ['violations'],
        })""",
        WCAG_TAGS,
    )
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def describe_violations(violations: list[dict[str, Any]], limit: int = 3) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"][:limit]]
        more = len(v["nodes"]) - len(targets)
        where = "; ".join(targets) + (f"; and {more} more" if more > 0 else "")
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} at {where}")
    return "\n".join(lines)


# Keyboard and focus ---------------------------------------------------------------------------

FOCUS_INDICATOR = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const indicator = () => {
    const s = getComputedStyle(el);
    const visible = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      && !/rgba\\([^)]*,\\s*0\\)$/.test(s.outlineColor) && s.outlineColor !== 'transparent';
    return {
      outline: visible ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none',
      shadow: s.boxShadow,
    };
  };
  const focused = indicator();
  el.blur();
  const unfocused = indicator();
  el.focus({preventScroll: true});
  return {
    element: el.outerHTML.slice(0, 160),
    focused, unfocused,
    refocused: document.activeElement === el,
  };
}"""


def assert_focus_visible(page: Page) -> None:
    """The focused element draws a focus indicator (an outline or a box shadow) that it does
    not draw when it is not focused."""
    found = page.evaluate(FOCUS_INDICATOR)
    assert found is not None, "nothing is focused"
    assert found["refocused"], found
    focused, unfocused = found["focused"], found["unfocused"]
    drawn = focused["outline"] != "none" or focused["shadow"] != "none"
    assert drawn and focused != unfocused, f"no visible focus indicator: {found}"


def focused_matches(page: Page, selector: str) -> bool:
    return bool(page.evaluate("s => !!document.activeElement?.matches(s)", selector))


def tab_to(page: Page, selector: str, *, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has the focus, checking
    that each element on the way shows where the focus is."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        assert_focus_visible(page)
        if focused_matches(page, selector):
            return
    raise AssertionError(f"{selector} was not reached with {limit} presses of {key}")


def page_url(site: str, path: str) -> re.Pattern[str]:
    """The page's address, exactly (a query string only if `path` has one)."""
    return re.compile(re.escape(site + path) + "$")


# The controls a Tab reaches, in the page's order: every link, button, field and element given a
# tabindex of 0 that shows, a group of radios once (at its checked radio, or its first).
TAB_STOPS = """() => {
  const stops = [], groups = new Set();
  const candidates = document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]');
  for (const el of candidates) {
    if (el.disabled || el.tabIndex < 0 || el.type === 'hidden') continue;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.type === 'radio') {
      if (groups.has(el.name)) continue;
      groups.add(el.name);
      const group = [...document.querySelectorAll(`input[type=radio][name="${el.name}"]`)];
      stops.push(group.find(r => r.checked) || el);
    } else stops.push(el);
  }
  const now = document.activeElement;
  const next = now === document.body ? 0 : stops.findIndex(
    el => el === now || (now.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING));
  window.__tabStops = stops;
  return {
    count: stops.length,
    next: stops[next] === now ? next + 1 : next,
    positive: [...document.querySelectorAll('[tabindex]')]
      .filter(el => el.tabIndex > 0).map(el => el.outerHTML.slice(0, 120)),
  };
}"""
TAB_STOP_NOW = """expected => ({
  index: window.__tabStops.indexOf(document.activeElement),
  element: document.activeElement.outerHTML.slice(0, 120),
  expected: window.__tabStops[expected].outerHTML.slice(0, 120),
})"""


def assert_tab_order(page: Page) -> None:
    """From the focus (or the page's start), Tab reaches every control after it one by one in
    the page's order, to the last, each showing where the focus is; no tabindex reorders them.
    Leaves the focus on the last."""
    # after a rendering update: a viewport just resized shows or hides the menu button then
    # (by the page's script: without JavaScript, animation frames never come, nor is it needed)
    if page.evaluate("() => document.body.classList.contains('js-enabled')"):
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => setTimeout(done)))")
    found = page.evaluate(TAB_STOPS)
    assert not found["positive"], f"a tabindex above 0 changes the order: {found['positive']}"
    for expected in range(found["next"], found["count"]):
        page.keyboard.press("Tab")
        now = page.evaluate(TAB_STOP_NOW, expected)
        assert now["index"] == expected, f"Tab {expected - found['next'] + 1} reached {now}"
        assert_focus_visible(page)
