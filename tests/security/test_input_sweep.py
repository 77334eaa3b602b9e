"""The input sweep (ARCHITECTURE.md "How the portal proves itself"; SECURITY.md AC-3, VL-2): every member form,
found by itself, gets empty, oversize and malformed values: a page with a message, never a 500, nothing changed.
"""

import pytest
from django.apps import apps
from django.urls import reverse

from tests.factories import OWNED_OBJECT_FACTORIES, TEST_PASSWORD
from tests.security.urlwalk import post_forms, routes
from tests.signing_in import sign_in

pytestmark = pytest.mark.django_db

MEMBER_ROUTES = routes("member")
ERROR_MARKERS = ("invalid-feedback", "alert-danger", "errorlist", "alert-block")
MALFORMED = {"date": "2023-02-30", "email": "not-an-email@", "number": "twelve", "tel": "call me",
             "text": "\x00\ufeff%s%n{{7*7}}", "password": "", "textarea": "\x00", "select": "NOT-A-CHOICE",
             "file": ""}
SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


def _variants(fields):
    def fill(value_for):
        return {name: value_for(spec) for name, spec in fields.items() if name not in SKIPPED_FIELDS
                and spec["kind"] not in ("submit", "hidden", "checkbox", "radio", "file")}

    return {
        "empty": fill(lambda spec: ""),
        "oversize": fill(lambda spec: "9" * 10_000),
        "malformed": fill(lambda spec: MALFORMED.get(spec["kind"], "\x00malformed")),
        # Fields the form does not have, naming another owner or a status: ignored, never applied (AC-3).
        "mass_assignment_with_malformed": {**fill(lambda spec: MALFORMED.get(spec["kind"], "\x00")),
                                           "member": "1", "member_id": "99999999", "status": "RETIRED",
                                           "user": "1", "is_staff": "on"},
    }


def _snapshot():
    """Row counts of every table and every member's stored values: a change anywhere shows."""
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    members = list(apps.get_model("accounts.Member").objects.order_by("pk").values())
    users = list(apps.get_model("accounts.User").objects.order_by("pk").values("email", "is_staff", "password"))
    return counts, members, users


def _pages(member):
    for route in MEMBER_ROUTES:
        kwargs = {kwarg: OWNED_OBJECT_FACTORIES[route.access.owns[kwarg]](member).pk for kwarg in route.kwargs}
        yield route, reverse(route.name, kwargs=kwargs)


def _html(response):
    """The page's HTML; a download or a redirect has no forms."""
    if response.status_code != 200 or response.streaming or "text/html" not in response["Content-Type"]:
        return ""
    return response.content.decode()


@pytest.fixture
def signed_in(client, member):
    """Signed in and freshly re-authenticated, as a member would be, so pages that ask for the password open."""
    response = sign_in(client, member.user)
    assert response.status_code == 302
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def test_the_sweep_finds_member_forms(signed_in, member):
    found = [url for route, url in _pages(member) if post_forms(_html(signed_in.get(url)), url)]
    assert {reverse(f"accounts:change_{what}") for what in ("address", "phone", "email")} <= set(found)


@pytest.mark.parametrize("variant", ["empty", "oversize", "malformed", "mass_assignment_with_malformed"])
def test_every_member_form_refuses_bad_input_clearly_and_changes_nothing(signed_in, member, variant):
    swept = 0
    for route, url in _pages(member):
        for form in post_forms(_html(signed_in.get(url)), url):
            before = _snapshot()
            response = signed_in.post(url, _variants(form["fields"])[variant])
            body = response.content.decode(errors="ignore")
            assert response.status_code in (200, 400, 413, 429), f"{route.key} {variant}: {response.status_code}"
            assert any(marker in body for marker in ERROR_MARKERS), f"{route.key} {variant}: no message shown"
            assert _snapshot() == before, f"{route.key} {variant}: the database changed"
            swept += 1
    assert swept >= 3
