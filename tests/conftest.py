import io

import pytest
from clamav_client.clamd import ClamdError
from django.core.cache import cache
from django.core.management import call_command

from accounts.models import Member
from accounts.scanning import clamd_client
from tests.factories import ClaimedMemberFactory, StaffUserFactory

# The fault tests' Redis of their own and real workers (own_redis and the worker helpers).
pytest_plugins = ["tests.worker_harness"]


@pytest.fixture(autouse=True)
def _isolated_files_and_cache(settings, tmp_path):
    """Each test writes private files under its own folder and starts with an empty cache (rate limits)."""
    settings.STORAGES = {**settings.STORAGES,
                         "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                                     "OPTIONS": {"location": str(tmp_path / "private")}}}
    from pensions.member_record import process_values

    cache.clear()
    process_values.clear()
    yield
    cache.clear()
    process_values.clear()


@pytest.fixture(autouse=True)
def _tasks_run_in_process(request):
    """Unit tests run a task where it is enqueued (after commit), whatever the broker; the real broker and worker
    are exercised by tests marked ``celery_worker``, which turn this off."""
    from celery._state import _set_task_join_will_block

    from portal.celery import app

    eager = "celery_worker" not in request.keywords
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = eager, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved
    # Celery's eager apply_async flips a process-wide "joins would block" flag and restores what it saw on entry;
    # two threads enqueueing at once (the concurrency tests) can leave it set, and a later test's eager
    # ``.delay().get()`` would then refuse to run. Each test starts from Celery's default.
    _set_task_join_will_block(False)


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


def pytest_collection_modifyitems(config, items):
    """Tests that need PostgreSQL (row locks, concurrency), a Redis broker (a real worker) or a ClamAV daemon are
    skipped, with the reason, where those are missing; in CI pytest_sessionfinish turns any skip into a failure."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        _skip_marked(items, "postgres", "needs PostgreSQL: set DATABASE_URL=postgres://… (CI always does)")
    if not settings.CELERY_BROKER_URL:
        _skip_marked(items, "celery_worker", "needs a Redis broker: set CELERY_BROKER_URL=redis://… (CI always does)")
    if not _clamd_answers(settings.CLAMAV_URL):
        _skip_marked(items, "clamav", "needs the tests' ClamAV daemon: export CLAMAV_URL=$(python3 "
                                      "scripts/start-test-clamd) (CI always does)")


def _clamd_answers(url):
    if not url:
        return False
    try:
        return clamd_client(url, timeout=5).ping() == "PONG"
    except (ClamdError, OSError):
        return False


def _skip_marked(items, marker, reason):
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if marker in item.keywords:
            item.add_marker(skip)


def pytest_sessionstart(session):
    """In CI the real components are not optional: the database must be PostgreSQL."""
    import os

    from django.conf import settings

    if os.environ.get("CI") and settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.exit("CI must run on PostgreSQL: DATABASE_URL is not a postgres:// URL.", returncode=3)


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a missing component (a browser, a database): fail loudly instead. The one exception
    is the check of the copies of the shared documents when that folder is not on the machine (a document, not a
    component: tests/test_shared_copies.py)."""
    import os

    from tests.test_shared_copies import SHARED_MISSING

    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len([report for report in (reporter.stats.get("skipped", []) if reporter else [])
                   if SHARED_MISSING not in str(report.longrepr)])
    if os.environ.get("CI") and skipped and exitstatus == 0:
        reporter.write_line(f"CI: {skipped} test(s) were skipped; nothing may be skipped in CI.", red=True)
        session.exitstatus = 1


@pytest.fixture
def seeded(django_db_setup):
    """The demo population (`manage.py seed_demo`): every demo member, with their employer."""
    call_command("seed_demo", stdout=io.StringIO())
    return Member.objects.select_related("employer")


# The fixtures through which a test reaches the database (besides the ``django_db`` mark).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server"}


@pytest.fixture(scope="session", autouse=True)
def _staff_groups_after_migrations(request, django_db_blocker):
    """Each staff group with its permissions (natural keys), as the data migrations left them: read once, before any
    transactional test flushes them (``staff_groups_as_migrated`` puts them back)."""
    from django.contrib.auth.models import Group

    # pytest-django sets up no test database for a run of database-free tests only (the engine's, say): then there
    # is nothing to read, and the real database must not be touched.
    if not any(item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
               for item in request.session.items):
        return {}
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock():
        return {group.name: list(group.permissions.values_list("content_type__app_label", "codename"))
                for group in Group.objects.prefetch_related("permissions")}


@pytest.fixture
def staff_groups_as_migrated(transactional_db, _staff_groups_after_migrations):
    """Put back the staff groups the data migrations made, for a transactional test that needs them (a browser
    test's demo staff, a fault test's reviewers and supervisors).

    Transactional tests flush the database after each test; the flush recreates content types and permissions but
    not the groups. ``serialized_rollback`` cannot be used for this: Playwright runs the test in a greenlet with its
    own contextvars, so Django's context-local connection lacks the serialized contents and restores nothing, and
    once made to see them the restore collides with the content types an earlier test's flush recreated.
    """
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    for name, codes in _staff_groups_after_migrations.items():
        group, _ = Group.objects.get_or_create(name=name)
        # The flush recreates the permissions of today's models only: a permission the migrations left on a content
        # type that no longer has a model (the message board's, moved to its own app) has nothing left to grant.
        wanted = Q(pk__in=[])
        for app_label, codename in codes:
            wanted |= Q(content_type__app_label=app_label, codename=codename)
        group.permissions.set(Permission.objects.filter(wanted))
