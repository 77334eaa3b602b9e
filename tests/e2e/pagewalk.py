"""Visit pages found by walking the URL resolver, at a desktop and a phone width, and check each one (issue 15 items
10 and 11): axe-core and the rest of check_page, and no sideways scroll.

The member pages come from tests.security.urlwalk (the same walk the security sweeps use), so a new member page is
visited by the journeys without editing them; a page that needs an object id gets one of the member's own objects
(the demo data's, or one made by the factory the ownership sweep registers for that kind).
"""

import itertools
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.apps import apps
from django.urls import reverse

from portal.access import ACCOUNT, MEMBER, PUBLIC
from portal.errors import ServiceError
from portal.member_portal import portal_for
from tests.e2e.conftest import check_page, submit
from tests.factories import OWNED_OBJECT_FACTORIES
from tests.security.urlwalk import routes

WIDTHS = (1280, 390)  # a desktop and a phone (iPhone 12 to 15: 390 CSS pixels)
HEIGHT = 900

# What is wider than the viewport, for the report (the document's scrollWidth says only that something is).
WIDER_THAN_VIEWPORT = """
(width) => [...document.querySelectorAll("body *")]
  .filter((el) => el.getBoundingClientRect().right > width + 0.5 && el.offsetParent !== null)
  .filter((el) => ![...el.children].some((child) => child.getBoundingClientRect().right > width + 0.5))
  .slice(0, 5)
  .map((el) => `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${
      el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : ""
    }> right edge ${Math.round(el.getBoundingClientRect().right)}px`)
"""


@dataclass
class Walk:
    """What a walk saw: the pages checked, the ones skipped and why, and every problem found."""

    checked: list = field(default_factory=list)
    skipped: dict = field(default_factory=dict)  # url → why it is not a page to look at (a download, POST only)
    problems: list = field(default_factory=list)

    def paths_checked(self):
        return {urlsplit(url).path for url in self.checked}

    def report(self):
        return f"{len(self.problems)} problem(s) on {len(self.checked)} page(s):\n\n" + "\n\n".join(self.problems)


def check_at_every_width(page, walk, *, signed_in, widths=WIDTHS):
    """check_page and the no-sideways-scroll check on the page shown, at each width; problems are collected, not
    raised, so one run reports every page."""
    for width in widths:
        page.set_viewport_size({"width": width, "height": HEIGHT})
        where = f"{page.url} at {width} px"
        try:
            check_page(page, signed_in=signed_in)
        except AssertionError as error:
            walk.problems.append(f"{where}: {error}")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide = page.evaluate(WIDER_THAN_VIEWPORT, width)
            walk.problems.append(f"{where}: scrolls sideways (document {scroll_width} px wide): {wide}")
    walk.checked.append(page.url)
    page.set_viewport_size({"width": widths[0], "height": HEIGHT})


def check_page_at_every_width(page, *, signed_in):
    """check_page and no sideways scroll at each width, asserted at once (for a journey's own pages)."""
    walk = Walk()
    check_at_every_width(page, walk, signed_in=signed_in)
    assert not walk.problems, walk.report()


def reauthenticate(page, password):
    page.goto(reverse("account_reauthenticate"))
    page.get_by_label("Password").fill(password)
    submit(page, "Confirm")


def visit(page, walk, url, *, signed_in, must_be_a_page=True, password=None):
    """Open ``url`` and check it at every width. A page that asks for the password again first (a new e-mail
    address, the security pages) gets it when ``password`` is given. A download (PDF, CSV) and a POST-only address
    are recorded as skipped; any other answer but a page is a problem when ``must_be_a_page``."""
    answer = page.request.get(url)
    if password and urlsplit(answer.url).path == reverse("account_reauthenticate") != urlsplit(url).path:
        reauthenticate(page, password)
        answer = page.request.get(url)
    kind = answer.headers.get("content-type", "")
    if answer.status == 405:
        walk.skipped[url] = "answers POST only"
        return
    if answer.ok and not kind.startswith("text/html"):
        walk.skipped[url] = f"a download ({kind.split(';')[0]})"
        return
    if answer.status != 200:
        if must_be_a_page:
            walk.problems.append(f"{url}: answered {answer.status}, not a page")
        else:
            walk.skipped[url] = f"answered {answer.status}"
        return
    opened = urlsplit(answer.url).path
    if opened != url.split("?")[0] and opened in walk.paths_checked():
        walk.skipped[url] = f"opens {opened}, checked already"  # an account page sending a member elsewhere
        return
    page.goto(url)
    check_at_every_width(page, walk, signed_in=signed_in)


def _owned_candidates(member, label):
    """The member's own objects of kind ``label`` (demo data first), then a maker of a new one by the factory the
    ownership sweep registers (called only when no object of the member's opens the page)."""
    model = apps.get_model(label)
    return [*model.objects.filter(member=member).order_by("pk")[:5], lambda: OWNED_OBJECT_FACTORIES[label](member)]


def _url_with_an_object_that_opens(page, route, member):
    """The route's URL with the first of the member's objects whose page opens in place (a page may apply to some
    states only: cancelling a move needs a move still to come, confirming a request needs one not yet submitted);
    the last candidate is the factory's, which the ownership sweep proves opens. With the service's reason when the
    member can have no such object (it refuses to make one: a deferred member cannot start a service purchase)."""
    made = {}

    def pk(candidate):
        if callable(candidate):
            if candidate not in made:
                made[candidate] = candidate()
            candidate = made[candidate]
        return candidate.pk

    url = None
    try:
        for objects in itertools.product(*[_owned_candidates(member, route.access.owns[kw]) for kw in route.kwargs]):
            url = reverse(route.name, kwargs={kwarg: pk(obj) for kwarg, obj in zip(route.kwargs, objects)})
            if page.request.get(url, max_redirects=0).status in (200, 405):
                return url, None
    except ServiceError as refusal:
        return url, f"{member.get_status_display()} member can have none: {refusal}"
    return url, None


def member_pages(page, member):
    """Every member page open to ``member``'s status (portal.member_portal): its URL name, its URL with objects
    filled in, and None or why the member has no object to show on it."""
    portal = portal_for(member.status)
    for route in routes(MEMBER):
        if not portal.page_open(route.name):
            continue
        yield route.name, *(_url_with_an_object_that_opens(page, route, member) if route.kwargs
                            else (reverse(route.name), None))


def account_and_public_pages():
    """The account pages (allauth: security, sessions, password) and the public pages, those without URL keywords
    (a signed-in member reaches them from the header or the security page). Sign-out is left to the end."""
    urls = {reverse(route.name) for kind in (ACCOUNT, PUBLIC) for route in routes(kind)
            if route.name and not route.kwargs}
    logout = reverse("account_logout")
    return sorted(urls - {logout}) + [logout]
