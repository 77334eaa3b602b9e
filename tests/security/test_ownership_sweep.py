"""The ownership sweep (SECURITY.md AC-1, AC-2, CR-7): every URL, every actor, no leak.

It discovers pages from the URL resolver: a new page is swept without editing this file, and a page with no
access class fails the suite (portal.access).
"""

import pytest
from django.apps import apps
from django.urls import reverse

from portal.access import ACCOUNT, MEMBER, PUBLIC, STAFF, TOKEN
from portal.member_portal import STATUSES, portal_for
from tests.factories import OWNED_OBJECT_FACTORIES, TEST_PASSWORD
from tests.security.urlwalk import routes, walk

pytestmark = pytest.mark.django_db

MEMBER_ROUTES = routes(MEMBER)
OWNED_ROUTES = [route for route in MEMBER_ROUTES if route.kwargs]
PLAIN_MEMBER_ROUTES = [route for route in MEMBER_ROUTES if not route.kwargs]
TOKEN_ROUTES = routes(TOKEN)
PUBLIC_ROUTES = [route for route in routes(PUBLIC) if not route.kwargs and route.name]


def ids(route_list):
    return [route.key for route in route_list]


def _objects_for(route, member):
    """One object per URL keyword of ``route``, owned by ``member``, built by the registered factory."""
    values = {}
    for kwarg in route.kwargs:
        label = route.access.owns.get(kwarg)
        assert label, f"{route.key}: the URL keyword {kwarg!r} selects an object the access class does not name"
        assert label in OWNED_OBJECT_FACTORIES, (
            f"{route.key}: add a factory for {label} to tests.factories.OWNED_OBJECT_FACTORIES")
        apps.get_model(label)  # a typo in the label fails here
        values[kwarg] = OWNED_OBJECT_FACTORIES[label](member).pk
    return values


def _in_a_portal_that_opens(route, member):
    """A page closed to the member's status (portal.member_portal: a retiree's life insurance, a working member's
    estimates) is swept with the member in a status whose portal has it, so the sweep tests ownership, not status."""
    if not portal_for(member.status).page_open(route.name):
        member.status = next(status for status in STATUSES if portal_for(status).page_open(route.name))
        member.save(update_fields=["status"])
    return member


def test_every_url_pattern_has_an_access_class():
    unclassified = [route.route for route in walk() if route.access is None]
    assert unclassified == [], f"classify these URL patterns in portal.access: {unclassified}"


def test_the_sweep_finds_the_member_pages():
    # A guard against a sweep that silently walks nothing.
    names = {route.name for route in MEMBER_ROUTES}
    assert {"accounts:dashboard", "accounts:documents", "accounts:document_download"} <= names


@pytest.mark.parametrize("route", OWNED_ROUTES, ids=ids(OWNED_ROUTES))
def test_another_members_object_is_a_404(client, member, other_member, route):
    _in_a_portal_that_opens(route, member)
    theirs = reverse(route.name, kwargs=_objects_for(route, other_member))
    client.force_login(member.user)
    response = client.get(theirs)
    assert response.status_code == 404
    assert other_member.first_name not in response.content.decode(errors="ignore")
    missing = reverse(route.name, kwargs={kwarg: 987654321 for kwarg in route.kwargs})
    post_theirs, post_missing = client.post(theirs), client.post(missing)
    # A POST may be refused for its method, but never differently from an id that does not exist.
    assert post_theirs.status_code == post_missing.status_code
    assert post_theirs.status_code in (404, 405)


@pytest.mark.parametrize("route", OWNED_ROUTES, ids=ids(OWNED_ROUTES))
def test_the_owner_reaches_their_own_object(client, member, route):
    _in_a_portal_that_opens(route, member)
    mine = reverse(route.name, kwargs=_objects_for(route, member))
    client.force_login(member.user)
    response = client.get(mine)
    if response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate")):
        # A sensitive page (a bank account) asks for the password again first; then it opens.
        client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
        response = client.get(mine)
    assert response.status_code == 200


@pytest.mark.parametrize("route", MEMBER_ROUTES, ids=ids(MEMBER_ROUTES))
def test_an_anonymous_visitor_is_sent_to_sign_in(client, other_member, route):
    url = reverse(route.name, kwargs=_objects_for(route, other_member)) if route.kwargs else reverse(route.name)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), url


@pytest.mark.parametrize("route", PLAIN_MEMBER_ROUTES, ids=ids(PLAIN_MEMBER_ROUTES))
def test_a_member_page_never_shows_another_members_data(client, member, other_member, route):
    OWNED_OBJECT_FACTORIES["accounts.Document"](other_member)
    _in_a_portal_that_opens(route, member)
    client.force_login(member.user)
    response = client.get(reverse(route.name), follow=True)
    body = response.content.decode(errors="ignore")
    assert response.status_code == 200
    for sentinel in (other_member.first_name, other_member.member_id, other_member.user.email):
        assert sentinel not in body, f"{route.key} shows {sentinel!r}"


def test_no_list_page_shows_any_object_another_member_owns(client, member, other_member):
    """Plant one object of every owned kind on the other member, through every page that selects one (a new kind is
    planted the day its page exists), and open every one of the member's pages: none may link to any of them."""
    planted = {reverse(route.name, kwargs=_objects_for(route, other_member)): route.key for route in OWNED_ROUTES}
    kinds = {label for route in OWNED_ROUTES for label in route.access.owns.values()}
    assert kinds == set(OWNED_OBJECT_FACTORIES), "an owned kind is planted by no page, or a factory is unused"
    client.force_login(member.user)
    for route in PLAIN_MEMBER_ROUTES:
        body = client.get(reverse(route.name), follow=True).content.decode(errors="ignore")
        shown = [planted[url] for url in planted if url in body]
        assert shown == [], f"{route.key} links to the other member's {shown}"


@pytest.mark.parametrize("route", PLAIN_MEMBER_ROUTES, ids=ids(PLAIN_MEMBER_ROUTES))
def test_a_member_page_is_never_cached(client, member, route):
    client.force_login(member.user)
    response = client.get(reverse(route.name))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize("route", PLAIN_MEMBER_ROUTES, ids=ids(PLAIN_MEMBER_ROUTES))
def test_staff_without_a_member_record_get_a_404_on_member_pages(client, staff_user, route, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("SecondFactorRequiredMiddleware")]
    client.force_login(staff_user)
    assert client.get(reverse(route.name)).status_code == 404


def test_a_member_cannot_open_any_admin_page(client, member, other_member):
    client.force_login(member.user)
    admin_urls = ["/admin/", reverse("admin:accounts_member_changelist"),
                  reverse("admin:accounts_member_change", args=[other_member.pk]),
                  reverse("admin:accounts_auditentry_changelist")]
    for url in admin_urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert other_member.first_name not in response.content.decode(errors="ignore")


@pytest.mark.parametrize("route", TOKEN_ROUTES, ids=ids(TOKEN_ROUTES))
def test_a_token_page_refuses_a_made_up_token(client, route):
    kwargs = {kwarg: "made-up-token" for kwarg in route.kwargs}
    response = client.get(reverse(route.name, kwargs=kwargs))
    assert response.status_code in (404, 410)


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=ids(PUBLIC_ROUTES))
def test_a_public_page_opens_for_anyone(client, route):
    assert client.get(reverse(route.name)).status_code in (200, 302)


def test_every_class_is_represented():
    kinds = {route.access.kind for route in walk() if route.access is not None}
    assert {PUBLIC, MEMBER, STAFF, TOKEN, ACCOUNT} <= kinds
