"""Browser journeys: Playwright for Python driving Debian's Chromium against pytest-django's live server.

ARCHITECTURE.md "How the portal proves itself", STACK.md rows "browser tests" and "accessibility", SECURITY.md
CF-3 (no CSP violation in a journey) and SS-10 (a visible way to sign out on every authenticated page).

- The browser is Debian's ``/usr/bin/chromium`` (or the path in ``PORTAL_CHROMIUM``), never a downloaded one. When
  it is missing the folder is skipped with the reason, except under CI (``CI`` set), where it fails loudly.
- ``page`` is a fresh browser context per test whose documents record ``securitypolicyviolation`` events in
  ``window.__cspViolations``; console errors and uncaught page errors are recorded beside them.
- ``check_page(page)`` runs the packaged axe-core (WCAG 2.0/2.1 A and AA) and asserts zero violations, zero CSP
  violations, zero console errors, and a visible sign-out control whenever the browser's session is signed in.
"""

import os
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PORTAL_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}

# (rule id, exact axe target selector) → why it cannot be fixed from our side. Only ever precise pairs, never a
# whole rule; every entry is reported in the e2e report. Empty: nothing has needed an exception.
AXE_EXCEPTIONS: dict[tuple[str, str], str] = {}

# Runs in every document before its own scripts: collect CSP violations where check_page can read them.
CSP_LISTENER = """
(() => {
  window.__cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    if (window.__axeRunning) return;  // see run_axe
    window.__cspViolations.push({
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile ? `${event.sourceFile}:${event.lineNumber}` : "",
      sample: event.sample,
      disposition: event.disposition,
    });
  });
})();
"""

SIGN_OUT_NAME = "Sign out"  # templates/base.html; the admin's own control is "Log out"


# ---------------------------------------------------------------------------------------------------------------
# The browser
# ---------------------------------------------------------------------------------------------------------------

def _browser_missing_reason():
    if not Path(CHROMIUM).is_file() or not os.access(CHROMIUM, os.X_OK):
        return (f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install -y chromium, or set "
                "PORTAL_CHROMIUM to its path); the browser journeys need it and never download a browser.")
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        return f"The browser test packages are not installed ({error}); pip install -e '.[test]'."
    return None


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole run."""
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI is set and the browser journeys cannot run: {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API marks an asyncio loop as running in this thread for as long as it is started, so
    # Django's async-safety guard would refuse every ORM call made by the tests (and by later tests in the same
    # run) until it stops. STACK.md: DJANGO_ALLOW_ASYNC_UNSAFE=true for live_server + page tests; set here for
    # exactly the browser's lifetime, so the journeys also run when the variable was forgotten.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()


# ---------------------------------------------------------------------------------------------------------------
# The server side
# ---------------------------------------------------------------------------------------------------------------

@pytest.fixture
def page(browser, live_server):
    """A new browser context per test (no shared cookies), pointed at the live server.

    The test settings keep production cookies (``__Host-`` names, Secure). They need no override here: Chromium
    treats http://localhost as a secure context and stores Secure and ``__Host-`` cookies from it (checked with
    Chromium 156), so the journeys run with the production cookie names and flags. pytest-django's live server
    serves static files through the staticfiles finders, as in development.
    """
    context = browser.new_context(base_url=live_server.url, locale="en-US", timezone_id="America/Detroit",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    context.add_init_script(CSP_LISTENER)
    tab = context.new_page()
    log = _LOGS[id(tab)] = _PageLog()
    tab.on("console", log.console)
    tab.on("pageerror", lambda error: log.errors.append(f"uncaught error: {error}"))
    try:
        yield tab
    finally:
        _LOGS.pop(id(tab), None)
        context.close()


class _PageLog:
    """Console errors and uncaught exceptions of one tab, since the last check_page."""

    def __init__(self):
        self.errors = []
        self.axe_running = False

    def console(self, message):
        if message.type != "error":
            return
        if self.axe_running and "Content Security Policy" in message.text:
            return  # the browser's console copy of a refusal caused by axe itself (see run_axe)
        self.errors.append(f"console error: {message.text} ({message.location.get('url', '')})")


_LOGS: dict[int, _PageLog] = {}


# ---------------------------------------------------------------------------------------------------------------
# The checks every visited page passes
# ---------------------------------------------------------------------------------------------------------------

def _signed_in(page):
    """Whether the browser's session cookie belongs to a signed-in session, asked of the server-side session."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import SESSION_KEY

    cookie = next((c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME), None)
    if cookie is None:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"])
    return SESSION_KEY in session.load()


def _axe_report(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    target {', '.join(map(str, node['target']))}: {summary}")
            lines.append(f"      html: {node.get('html', '')[:200]}")
    return "\n".join(lines)


def run_axe(page):
    """axe-core violations on the current page, minus the documented precise exceptions."""
    from axe_playwright_python.sync_playwright import Axe

    # axe preloads the CSSOM by re-parsing @import-ed stylesheets (Django admin's forms.css imports widgets.css)
    # in <style> elements it creates; the page's CSP rightly refuses them. Those refusals are axe's, not the
    # page's: the listener ignores what happens while axe runs (it cannot parse those sheets either way).
    log = _LOGS.get(id(page)) or _PageLog()
    page.evaluate("window.__axeRunning = true")
    log.axe_running = True
    try:
        results = Axe().run(page, options=AXE_OPTIONS).response
        page.evaluate("window.__axeRunning = false")  # also delivers console events still queued from axe's run
    finally:
        log.axe_running = False
    violations = []
    for violation in results["violations"]:
        nodes = [node for node in violation["nodes"]
                 if (violation["id"], ", ".join(map(str, node["target"]))) not in AXE_EXCEPTIONS]
        if nodes:
            violations.append({**violation, "nodes": nodes})
    return violations


def check_page(page, *, signed_in=None):
    """Assert the page is accessible (axe, WCAG 2.1 A+AA), raised no CSP violation or console error, and, when
    the session is signed in, shows a way to sign out. ``signed_in`` True/False also asserts the sign-in state."""
    page.wait_for_load_state("load")
    where = f"{page.url} (“{page.title()}”)"
    # Everything the document's policy refused since it loaded, up to now (before axe adds its own, see run_axe).
    csp = page.evaluate("window.__cspViolations || []")
    violations = run_axe(page)
    errors = (_LOGS.get(id(page)) or _PageLog()).errors
    problems = []
    if violations:
        problems.append(f"{len(violations)} axe violation(s) at WCAG 2.1 A/AA:\n{_axe_report(violations)}")
    if csp:
        problems.append("CSP violations (SECURITY.md CF-3):\n" + "\n".join(
            f"- {v['directive']} blocked {v['blocked'] or 'inline'} at {v['source'] or '?'} "
            f"[{v['disposition']}] sample={v['sample']!r}" for v in csp))
    if errors:
        problems.append("Console errors:\n" + "\n".join(f"- {e}" for e in errors))
    session_signed_in = _signed_in(page)
    if signed_in is not None and signed_in != session_signed_in:
        problems.append(f"expected the browser to be {'signed in' if signed_in else 'signed out'}, it is not")
    if session_signed_in:
        sign_out = page.get_by_role("button", name=SIGN_OUT_NAME).or_(page.get_by_role("button", name="Log out"))
        if not (sign_out.count() and sign_out.first.is_visible()):
            problems.append("signed in, but no visible sign-out control (SECURITY.md SS-10)")
    errors.clear()
    assert not problems, f"{where}:\n" + "\n\n".join(problems)


def totp_code(secret, *, margin=3):
    """The current TOTP code for ``secret``, computed like any authenticator app (allauth's own HOTP function).

    The portal accepts only the current 30-second step (MFA_TOTP_TOLERANCE = 0): when fewer than ``margin``
    seconds remain in it, wait for the next step so the code cannot expire between typing and checking.
    """
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < margin:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def sign_in(page, email, *, password=None, secret=None):
    """Sign in on the page shown: the password, then the authenticator code computed like the member's app does
    (every member has a second factor: SECURITY.md AU-1; the factories' claimed members use TOTP_SECRET)."""
    from tests.factories import TEST_PASSWORD, TOTP_SECRET

    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password or TEST_PASSWORD)
    submit(page, "Sign In")
    page.get_by_label("Code").fill(unused_code(secret or TOTP_SECRET))
    submit(page, "Sign In")


_LAST_STEP_USED = {}


def unused_code(secret):
    """A code not yet used: a code works once (SECURITY.md AU-10), so a second sign-in within the same 30 seconds
    waits for the app's next code, as a person would."""
    from allauth.mfa import app_settings

    while int(time.time()) // app_settings.TOTP_PERIOD == _LAST_STEP_USED.get(secret):
        time.sleep(0.5)
    code = totp_code(secret)
    _LAST_STEP_USED[secret] = int(time.time()) // app_settings.TOTP_PERIOD
    return code


def submit(page, button_name):
    """Click a form's submit button and assert the server accepted the POST (no 4xx/5xx page), saying what it
    answered otherwise; a form error redisplayed with 200 is an answer, not a failure."""
    with page.expect_response(lambda r: r.request.method == "POST" and r.request.is_navigation_request()) as info:
        page.get_by_role("button", name=button_name, exact=True).click()
    response = info.value
    page.wait_for_load_state("load")
    if response.status >= 400:
        text = " ".join(page.locator("body").inner_text().split())[:300]
        raise AssertionError(f"POST {response.url} answered {response.status}: {text}")
    return response
