"""Failed sign-ins and refused ownership attempts leave a line an investigator can use (SECURITY.md LG-2, LG-3,
AC-10): the user id, the route, the client address as a keyed hash — never the address, a password or an SSN."""

import logging

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal.security_log import client_ref
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.23"


def security_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "portal.security"]


def test_a_failed_sign_in_is_logged_with_the_user_id_and_a_hashed_address(client, member, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        client.post(reverse("account_login"), {"login": member.user.email, "password": "not the password at all"},
                    REMOTE_ADDR=ADDRESS)
    [line] = security_lines(caplog)
    assert "event=sign_in_failed" in line and f"user_id={member.user.pk}" in line
    assert f"client={client_ref(RequestFactory().get('/', REMOTE_ADDR=ADDRESS))}" in line
    assert ADDRESS not in line and "not the password" not in line and member.user.email not in line


def test_a_failed_sign_in_for_an_unknown_login_has_no_user_id(client, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        client.post(reverse("account_login"), {"login": "nobody@example.org", "password": "whatever it is"})
    [line] = security_lines(caplog)
    assert "event=sign_in_failed" in line and "user_id=-" in line


def test_a_refused_ownership_attempt_is_logged_with_user_and_route(member_client, member, other_member, caplog):
    document = DocumentFactory(member=other_member)
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        response = member_client.get(reverse("accounts:document_download", args=[document.pk]),
                                     REMOTE_ADDR=ADDRESS)
    assert response.status_code == 404
    [line] = security_lines(caplog)
    assert "event=ownership_refused" in line and f"user_id={member.user.pk}" in line
    assert "route=accounts:document_download" in line and f"document_id:{document.pk}" in line
    assert ADDRESS not in line and other_member.ssn not in line


def test_the_client_hash_is_stable_and_differs_between_addresses():
    factory = RequestFactory()
    one, again = client_ref(factory.get("/", REMOTE_ADDR=ADDRESS)), client_ref(factory.get("/", REMOTE_ADDR=ADDRESS))
    other = client_ref(factory.get("/", REMOTE_ADDR="203.0.113.9"))
    assert one == again != other and len(one) == 16
