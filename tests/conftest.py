import pytest
from django.core.cache import cache

from tests.factories import ClaimedMemberFactory, StaffUserFactory


@pytest.fixture(autouse=True)
def _isolated_files_and_cache(settings, tmp_path):
    """Each test writes private files under its own folder and starts with an empty cache (rate limits)."""
    settings.STORAGES = {**settings.STORAGES,
                         "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": str(tmp_path / "private")}}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def member(db):
    """Alice: a member with an online account."""
    return ClaimedMemberFactory(first_name="Alice")


@pytest.fixture
def other_member(db):
    """Bob: another member, whose data Alice must never reach."""
    return ClaimedMemberFactory(first_name="Bob")


@pytest.fixture
def member_client(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()
