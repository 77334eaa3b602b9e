"""Session lifetimes (SECURITY.md SS-3, SS-4, SS-5)."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.tasks import clear_expired_sessions_task
from tests.factories import TEST_PASSWORD
from tests.signing_in import sign_in as sign_in_with_second_step

pytestmark = pytest.mark.django_db


def sign_in(client, member):
    sign_in_with_second_step(client, member.user)


def test_a_member_idle_for_31_minutes_must_sign_in_again(client, member, time_machine):
    time_machine.move_to("2026-11-23 09:00:00+00:00", tick=False)
    sign_in(client, member)
    time_machine.move_to("2026-11-23 09:29:00+00:00", tick=False)
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_an_active_session_ends_after_twelve_hours(client, member, time_machine):
    time_machine.move_to("2026-11-23 08:00:00+00:00", tick=False)
    sign_in(client, member)
    for minutes in range(10, 12 * 60, 10):  # busy all day, never idle
        time_machine.move_to(f"2026-11-23 {8 + minutes // 60:02d}:{minutes % 60:02d}:00+00:00", tick=False)
        assert client.get(reverse("accounts:dashboard")).status_code == 200
    time_machine.move_to("2026-11-23 20:01:00+00:00", tick=False)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_staff_idle_for_16_minutes_must_sign_in_again(client, staff_user, time_machine, settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith("SecondFactorRequiredMiddleware")]
    time_machine.move_to("2026-11-23 09:00:00+00:00", tick=False)
    client.post(reverse("account_login"), {"login": staff_user.email, "password": TEST_PASSWORD})
    time_machine.move_to("2026-11-23 09:16:01+00:00", tick=False)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/" not in response.url.split("?")[0]


def test_signing_out_ends_the_session_on_the_server(client, member, settings):
    sign_in(client, member)
    stolen = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post(reverse("account_logout"))
    client.cookies[settings.SESSION_COOKIE_NAME] = stolen
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))


def test_the_session_key_changes_at_sign_in(client, member, settings):
    client.get(reverse("account_login"))
    client.session.save()
    before = client.session.session_key
    sign_in(client, member)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def _session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_pages_within_a_minute_do_not_write_the_session(client, member, time_machine):
    time_machine.move_to("2026-11-23 09:00:00+00:00", tick=False)
    sign_in(client, member)
    client.get(reverse("accounts:dashboard"))  # shows (and so removes) the "signed in" message kept in the session
    written = _session_row(client).expire_date
    for second in (10, 30, 59):
        time_machine.move_to(f"2026-11-23 09:00:{second}+00:00", tick=False)
        assert client.get(reverse("accounts:profile")).status_code == 200
    assert _session_row(client).expire_date == written


def test_the_idle_clock_moves_once_a_minute_has_passed(client, member, time_machine):
    time_machine.move_to("2026-11-23 09:00:00+00:00", tick=False)
    sign_in(client, member)
    before = _session_row(client).expire_date
    time_machine.move_to("2026-11-23 09:01:01+00:00", tick=False)
    client.get(reverse("accounts:dashboard"))
    assert (_session_row(client).expire_date - before).total_seconds() == 61


def test_expired_sessions_are_cleared_by_a_beat_job(client, member, settings, time_machine):
    time_machine.move_to("2026-11-23 09:00:00+00:00", tick=False)
    sign_in(client, member)
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)
    clear_expired_sessions_task.delay().get()
    assert not Session.objects.exists()
    assert any(job["task"] == "accounts.tasks.clear_expired_sessions_task"
               for job in settings.CELERY_BEAT_SCHEDULE.values())
