"""Every page allauth ships is either used by the portal on purpose, with the reason, or closed (SECURITY.md SS-9).

The walk is over allauth's own URL tree, so a route a later allauth release adds fails here until it is either
listed in portal.allauth_urls.USED or left closed.
"""

import re

import pytest
from django.urls import resolve, reverse

from portal.allauth_urls import USED, allauth_patterns

pytestmark = pytest.mark.django_db

ALLAUTH_ROUTES = [(prefix, pattern) for prefix, pattern in allauth_patterns()]
CLOSED = [(prefix, pattern) for prefix, pattern in ALLAUTH_ROUTES if pattern.name not in USED]
SAMPLE_VALUES = {"key": "MQ:1abcde:xyz", "uidb36": "1", "pk": "1"}


def example_path(prefix, pattern):
    """A concrete URL for the pattern, its parameters filled with harmless values."""
    text = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLE_VALUES[m.group(1)], text)  # re_path groups first
    text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE_VALUES[m.group(1)], text)
    return "/accounts/" + text


def test_every_allauth_route_is_used_on_purpose_or_closed():
    names = {pattern.name for _prefix, pattern in ALLAUTH_ROUTES}
    assert names, "allauth's URL tree was not found"
    assert all(USED[name].strip() for name in names & USED.keys()), "each used route says why"
    assert {"account_email", "account_set_password"} <= {p.name for _x, p in CLOSED}


def test_the_allow_list_names_only_routes_allauth_has():
    names = {pattern.name for _prefix, pattern in ALLAUTH_ROUTES}
    assert set(USED) - names == set()


@pytest.mark.parametrize("prefix,pattern", CLOSED, ids=[p.name for _x, p in CLOSED])
def test_a_route_the_portal_does_not_use_answers_404_signed_out_and_in(client, member, prefix, pattern):
    url = example_path(prefix, pattern)
    assert client.get(url).status_code == 404, url
    client.force_login(member.user)
    assert client.get(url).status_code == 404, url
    assert client.post(url, {"email": "someone@example.org", "action_add": ""}).status_code == 404, url


@pytest.mark.parametrize("name", sorted(USED))
def test_a_used_route_still_resolves_to_allauth(name):
    prefix, pattern = next((x, p) for x, p in ALLAUTH_ROUTES if p.name == name)
    assert resolve(example_path(prefix, pattern)).func.__module__ != "portal.allauth_urls", name


def test_reversing_a_closed_name_still_works_for_allauth_templates():
    assert reverse("account_email") == "/accounts/email/"


def test_posting_the_sign_up_form_creates_no_login_and_points_to_claiming(client, django_user_model):
    before = django_user_model.objects.count()
    response = client.post(reverse("account_signup"), {"email": "new@example.org", "password1": "Xy7!long-pass",
                                                       "password2": "Xy7!long-pass"})
    assert django_user_model.objects.count() == before
    assert f'href="{reverse("accounts:claim")}"' in response.content.decode()
