"""Fault script (run by hand, not collected by pytest): Redis and broker outages against a served portal.

SECURITY.md LG-7 and F4; issue 13 item 2 and its "Done when". Run from the worktree root:

    .venv/bin/python tests/faults/redis_outage.py

It never touches the machine's own Redis or the databases of others: it starts its own ``redis-server`` on
``REDIS_PORT`` (6390-6399), creates its own PostgreSQL database ``FAULT_DATABASE`` on the server of
``FAULT_POSTGRES`` (default: the local one), serves the portal with gunicorn in production mode (DEBUG off) and
drives it over HTTP like browsers do: sign in (password, then the authenticator code), the dashboard, a Message
board message, sign out.

1. Redis outage: a run of such visits while Redis is up, then ``SIGKILL`` of Redis, visits while it is down, a
   restart of Redis on the same port (never of the portal), visits again. Redis is both cache and broker, as in
   production.
2. Broker refusing connections: the portal is served with its broker on a port where nothing listens (the cache on
   the live Redis) while members make 50 changes whose notice is e-mailed by a task; afterwards the outbox sweep
   (run in this process, tasks in-process) sends what the broker refused.

It prints, per page, requests served and errors (any other answer than the page's normal one), and the work lost:
messages a member was told were sent that are not in the database, changes confirmed but missing, notices missing
from the outbox. Exit status 0 when errors and work lost are all 0.
"""

import base64
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
REDIS_PORT = int(os.environ.get("FAULT_REDIS_PORT", "6391"))
REFUSING_BROKER_PORT = int(os.environ.get("FAULT_REFUSING_PORT", "6392"))  # nothing may listen there
WEB_PORT = int(os.environ.get("FAULT_WEB_PORT", "8391"))
POSTGRES = os.environ.get("FAULT_POSTGRES", "postgres://postgres@127.0.0.1:5432")
FAULT_DATABASE = os.environ.get("FAULT_DATABASE", "portal_fault_redis_outage")
VISITS_BEFORE, VISITS_DURING, VISITS_AFTER = 6, 12, 6
CHANGES = 50
CHANGING_MEMBERS = 5


def port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def wait_for_port(port, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not port_is_free(port):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing answered on port {port} within {timeout} s")


# ---------------------------------------------------------------------------------------------------------------
# The environment the portal is served with
# ---------------------------------------------------------------------------------------------------------------

def portal_environment(workdir, *, broker_port):
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    index_key = base64.b64encode(secrets.token_bytes(32)).decode()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "CACHE_", "DATABASE_"))}
    env.update({
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",  # plain HTTP on the loopback, like behind a TLS proxy but without it
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": f"fault1:{key}",
        "BLIND_INDEX_KEY": index_key,
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "PRIVATE_STORAGE_ROOT": str(workdir / "private"),
        "DATABASE_URL": f"{POSTGRES}/{FAULT_DATABASE}",
        "CACHE_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{broker_port}/1",
        "EMAIL_URL": "memorymail://",
        # A production node refuses to start without a virus scanner's address; these runs upload nothing, so the
        # address is never contacted (nothing listens on this port of the fault range).
        "CLAMAV_URL": "tcp://127.0.0.1:6393",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    })
    return env


def fresh_database():
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{FAULT_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{FAULT_DATABASE}"')


def manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


class Redis:
    def __init__(self, workdir):
        self.workdir, self.process = workdir, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for_port(REDIS_PORT)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


class Portal:
    def __init__(self, env, log):
        self.env, self.log, self.process = env, log, None

    def start(self):
        self.process = subprocess.Popen(
            [str(GUNICORN), "portal.wsgi:application", "--bind", f"127.0.0.1:{WEB_PORT}", "--workers", "2",
             "--timeout", "60"], cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for_port(WEB_PORT, timeout=60)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)


# ---------------------------------------------------------------------------------------------------------------
# A browser: cookies, CSRF, no redirects followed
# ---------------------------------------------------------------------------------------------------------------

class Browser:
    def __init__(self):
        self.cookies = {}

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection("127.0.0.1", WEB_PORT, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            return 0, "", str(error)
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return response.status, response.headers.get("Location", ""), content.decode(errors="replace")


class Tally:
    """Requests served and errors, per page."""

    def __init__(self):
        self.served, self.errors, self.samples = Counter(), Counter(), {}

    def expect(self, page, answer, statuses, location=None):
        status, where, body = answer
        ok = status in statuses and (location is None or where.split("?")[0] == location)
        (self.served if ok else self.errors)[page] += 1
        if not ok:
            self.samples.setdefault(page, f"{status} {where} {body[:120]!r}")
        return ok


def totp_code(secret):
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if 30 - time.time() % 30 < 2:  # the portal accepts only the current 30-second step: do not type a dying code
        time.sleep(30 - time.time() % 30 + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in(browser, tally, email, password, secret):
    tally.expect("sign-in", browser.request("GET", "/accounts/login/"), {200})
    if not tally.expect("sign-in", browser.request("POST", "/accounts/login/", {"login": email, "password": password}),
                        {302}, "/accounts/2fa/authenticate/"):
        return False
    return tally.expect("sign-in", browser.request("POST", "/accounts/2fa/authenticate/", {"code": totp_code(secret)}),
                        {302}, "/dashboard/")


def visit(member, n, tally, sent):
    """One member's visit: sign in, the dashboard, a message, sign out."""
    from tests.factories import TEST_PASSWORD, TOTP_SECRET

    browser = Browser()
    if sign_in(browser, tally, member.user.email, TEST_PASSWORD, TOTP_SECRET):
        tally.expect("dashboard", browser.request("GET", "/dashboard/"), {200})
        tally.expect("message", browser.request("GET", "/messages/new/"), {200})
        body = f"Fault run message {n}: has my direct deposit been set up?"
        if tally.expect("message", browser.request("POST", "/messages/new/",
                                                   {"topic": "DIRECT_DEPOSIT", "body": body}), {302}):
            sent.append((member.pk, body))
    tally.expect("sign-out", browser.request("POST", "/accounts/logout/", {}), {302})


def report(title, tally, lost):
    print(f"\n== {title}")
    for page in sorted(set(tally.served) | set(tally.errors)):
        print(f"  {page:<10} requests served {tally.served[page]:>4}   errors {tally.errors[page]:>3}")
        if page in tally.samples:
            print(f"             first error: {tally.samples[page]}")
    for what, count in lost.items():
        print(f"  work lost: {what}: {count}")
    return sum(tally.errors.values()) + sum(lost.values())


# ---------------------------------------------------------------------------------------------------------------
# The two runs
# ---------------------------------------------------------------------------------------------------------------

def redis_outage(redis, members):
    from accounts.message_board.models import Message

    tally, sent, health = Tally(), [], []
    member_iter = iter(members)
    n = 0
    for phase, visits in (("up", VISITS_BEFORE), ("down", VISITS_DURING), ("back", VISITS_AFTER)):
        if phase == "down":
            redis.kill()
        elif phase == "back":
            redis.start()  # the portal is not restarted
        health.append((phase, Browser().request("GET", "/health/")[2]))
        for _ in range(visits):
            n += 1
            visit(next(member_iter), n, tally, sent)
    stored = {(pk, body) for pk, body in Message.objects.filter(
        thread__member__in=[m.pk for m in members]).values_list("thread__member_id", "body")}
    lost = {"messages confirmed but not stored": sum(1 for item in sent if item not in stored)}
    print("\nHealth check during the run:")
    for phase, body in health:
        print(f"  Redis {phase:<5} {body}")
    return report(f"Redis killed during {VISITS_BEFORE + VISITS_DURING + VISITS_AFTER} visits "
                  f"(sign in, dashboard, message, sign out; {VISITS_DURING} of them with Redis down)", tally, lost)


def broker_refusing(members):
    from celery import current_app

    from accounts.models import AuditEntry, Member, OutboundEmail
    from accounts.outbox import send_outbox_task
    from tests.factories import TEST_PASSWORD, TOTP_SECRET

    tally, confirmed = Tally(), {}
    browsers = []
    for member in members:
        browser = Browser()
        sign_in(browser, tally, member.user.email, TEST_PASSWORD, TOTP_SECRET)
        browsers.append((member, browser))
    for n in range(CHANGES):
        member, browser = browsers[n % len(browsers)]
        phone = f"517555{n:04d}"
        if tally.expect("change", browser.request("POST", "/profile/phone/", {"phone": phone}), {302}, "/profile/"):
            confirmed[member.pk] = phone
    changed = AuditEntry.objects.filter(action="accounts.member.phone_changed",
                                        member__in=[m.pk for m in members]).count()
    notices = OutboundEmail.objects.filter(to__in=[m.user.email for m in members], subject__contains="phone")
    queued = notices.count()
    current_phone = dict(Member.objects.filter(pk__in=confirmed).values_list("pk", "phone"))
    lost = {"changes confirmed but not saved": CHANGES - changed
            + sum(1 for pk, phone in confirmed.items() if not current_phone[pk].replace("-", "").endswith(phone[-4:])),
            "notices missing from the outbox": changed - queued}
    # The broker is back: the beat sweep enqueues what was refused (tasks run in this process here).
    current_app.conf.task_always_eager = True
    send_outbox_task()
    print(f"\nOutbox after the broker returned: {notices.filter(sent_at__isnull=False).count()} of {queued} notices "
          f"sent by the sweep")
    return report(f"Broker refusing connections during {CHANGES} changes (phone numbers, each e-mailing a notice)",
                  tally, lost)


def create_members(count):
    from tests.factories import ClaimedMemberFactory

    return [ClaimedMemberFactory() for _ in range(count)]


def main():
    for port in (REDIS_PORT, REFUSING_BROKER_PORT, WEB_PORT):
        if not port_is_free(port):
            sys.exit(f"port {port} is in use; set FAULT_REDIS_PORT / FAULT_REFUSING_PORT / FAULT_WEB_PORT")
    workdir = Path(tempfile.mkdtemp(prefix="portal-fault-"))
    redis = Redis(workdir)
    portal = None
    log = open(workdir / "gunicorn.log", "w")
    try:
        redis.start()
        env = portal_environment(workdir, broker_port=REDIS_PORT)
        fresh_database()
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput")
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        members = create_members(VISITS_BEFORE + VISITS_DURING + VISITS_AFTER)
        changers = create_members(CHANGING_MEMBERS)

        portal = Portal(env, log)
        portal.start()
        problems = redis_outage(redis, members)
        portal.stop()

        portal = Portal({**env, "CELERY_BROKER_URL": f"redis://127.0.0.1:{REFUSING_BROKER_PORT}/1"}, log)
        portal.start()
        problems += broker_refusing(changers)
        portal.stop()
        portal = None
        print(f"\nTotal errors + work lost: {problems}  (gunicorn log: {workdir / 'gunicorn.log'})")
        return 0 if problems == 0 else 1
    finally:
        if portal is not None and portal.process.poll() is None:
            portal.stop()
        if redis.process is not None and redis.process.poll() is None:
            redis.kill()
        log.close()
        if os.environ.get("FAULT_KEEP") is None:
            shutil.rmtree(workdir / "static", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
