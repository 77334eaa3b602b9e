"""Production configuration as a test (SECURITY.md CF-1..CF-5, CR-3, AU-7, SS-2, VL-11)."""

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def production_env(**extra):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "DATABASE_URL", "FIELD_", "BLIND_", "PYTEST"))}
    env.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secrets.token_urlsafe(60), DJANGO_ALLOWED_HOSTS="portal.example",
               CLAMAV_URL="tcp://clamav.internal:3310", **extra)
    return env


def without_scanner(env):
    del env["CLAMAV_URL"]
    return env


def production_data_keys():
    return {"FIELD_ENCRYPTION_KEYS": f"k1:{base64.b64encode(secrets.token_bytes(32)).decode()}",
            "BLIND_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode()}


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_deploy_check_passes_with_production_settings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_check_fails_without_a_virus_scanner():
    result = run(["manage.py", "check", "--deploy"], without_scanner(production_env()))
    assert result.returncode != 0 and "accounts.E001" in result.stderr and "CLAMAV_URL" in result.stderr


def test_a_web_node_refuses_to_start_with_the_development_scanner():
    result = run(["-c", "import portal.wsgi"], without_scanner(production_env(**production_data_keys())))
    assert result.returncode != 0 and "CLAMAV_URL" in result.stderr


def test_a_web_node_starts_with_its_data_keys_and_clamd():
    result = run(["-c", "import portal.wsgi"], production_env(**production_data_keys()))
    assert result.returncode == 0, result.stderr


def test_a_worker_refuses_to_start_with_the_development_scanner():
    code = "import django; django.setup(); from portal.celery import _require_secrets; _require_secrets()"
    env = without_scanner(production_env(**production_data_keys(), DJANGO_SETTINGS_MODULE="portal.settings"))
    result = run(["-c", code], env)
    assert result.returncode != 0 and "CLAMAV_URL" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_web_node_refuses_to_start_without_its_data_keys():
    result = run(["-c", "import portal.wsgi"], production_env())
    assert result.returncode != 0 and "FIELD_ENCRYPTION_KEYS" in result.stderr


def test_a_web_node_refuses_the_development_data_key():
    env = production_env(FIELD_ENCRYPTION_KEYS="dev1:ZGV2ZWxvcG1lbnQtb25seS1maWVsZC1rZXktMzJieXQ=",
                         BLIND_INDEX_KEY="ZGV2ZWxvcG1lbnQtb25seS1ibGluZC1pbmRleC1rZXk=")
    result = run(["-c", "import portal.wsgi"], env)
    assert result.returncode != 0 and "development key" in result.stderr


def production_settings():
    names = ["SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
             "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "SECURE_HSTS_SECONDS",
             "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_SSL_REDIRECT", "PASSWORD_HASHERS", "DEBUG",
             "CELERY_TASK_SERIALIZER", "CELERY_ACCEPT_CONTENT", "CELERY_TASK_ACKS_LATE",
             "CELERY_TASK_REJECT_ON_WORKER_LOST", "SESSION_COOKIE_AGE"]
    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))")
    result = run(["-c", code], {**production_env(), "DJANGO_SETTINGS_MODULE": "portal.settings"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_cookies_are_host_only_secure_and_http_only():
    prod = production_settings()
    assert prod["SESSION_COOKIE_NAME"] == "__Host-sessionid" and prod["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert prod["SESSION_COOKIE_SECURE"] and prod["CSRF_COOKIE_SECURE"] and prod["SESSION_COOKIE_HTTPONLY"]
    assert prod["SESSION_COOKIE_SAMESITE"] == "Lax" and prod["SESSION_COOKIE_AGE"] == 1800


def test_production_forces_https_for_a_year_with_subdomains():
    prod = production_settings()
    assert prod["SECURE_SSL_REDIRECT"] and prod["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"] and prod["DEBUG"] is False


def test_production_hashes_passwords_with_argon2id_first():
    assert production_settings()["PASSWORD_HASHERS"][0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_celery_accepts_only_json_and_acknowledges_late():
    prod = production_settings()
    assert prod["CELERY_TASK_SERIALIZER"] == "json" and prod["CELERY_ACCEPT_CONTENT"] == ["json"]
    assert prod["CELERY_TASK_ACKS_LATE"] and prod["CELERY_TASK_REJECT_ON_WORKER_LOST"]


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get(reverse("account_login"))["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    assert "'nonce-" in policy.split("script-src")[1].split(";")[0]


@pytest.mark.django_db
def test_pages_send_the_security_headers(client):
    response = client.get(reverse("account_login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.django_db
def test_the_stored_password_hash_is_argon2id(member):
    assert member.user.password.startswith("argon2")
    assert "argon2id" in member.user.password
    assert settings.PASSWORD_HASHERS[1] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_no_model_form_exposes_every_field():
    """SECURITY.md AC-3: every ModelForm names its fields; none uses __all__ or exclude."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if ".venv" in path.parts or "tests" in path.parts:
            continue
        text = path.read_text(errors="ignore")
        if '"__all__"' in text or "exclude = [" in text or "exclude = (" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_production_refuses_to_start_behind_a_tls_proxy_without_a_trusted_proxy_count():
    result = run(["manage.py", "check"], production_env(DJANGO_BEHIND_TLS_PROXY="1"))
    assert result.returncode != 0 and "set DJANGO_TRUSTED_PROXY_COUNT" in result.stderr


def test_production_starts_behind_a_tls_proxy_with_a_trusted_proxy_count():
    result = run(["manage.py", "check"], production_env(DJANGO_BEHIND_TLS_PROXY="1", DJANGO_TRUSTED_PROXY_COUNT="1"))
    assert result.returncode == 0, result.stderr


@pytest.mark.postgres
def test_a_production_process_borrows_its_database_connections_from_a_pool():
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            "from django.db import connection as c; cursor = c.cursor(); cursor.execute('SELECT 1'); "
            "print(json.dumps({'pool': s.DATABASES['default']['OPTIONS']['pool'], "
            "'persistent': s.DATABASES['default']['CONN_MAX_AGE'], 'pool_class': type(c.pool).__name__, "
            "'answer': cursor.fetchone()[0]}))")
    result = run(["-c", code], production_env(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="portal.settings"))
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert facts["pool_class"] == "ConnectionPool" and facts["answer"] == 1
    assert facts["persistent"] == 0 and facts["pool"]["max_size"] >= facts["pool"]["min_size"] >= 1
