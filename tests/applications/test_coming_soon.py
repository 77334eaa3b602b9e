"""The retirement application's "coming soon" page points to the Message board, which is open (issue 15 item 12)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_coming_page_sends_the_member_to_the_open_message_board(member_client):
    body = member_client.get(reverse("applications:overview")).content.decode()
    assert "once the Message board opens" not in body
    assert f'href="{reverse("message_board:message_new")}"' in body
