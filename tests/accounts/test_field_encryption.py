"""Sensitive fields at rest (SECURITY.md CR-1..CR-5, CR-9)."""

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection

from accounts.models import Member
from portal import crypto
from portal.fields import EncryptedTextField
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

KEY_1 = "k1:" + "MTExMTExMTExMTExMTExMTExMTExMTExMTExMTExMTE="
KEY_2 = "k2:" + "MjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjI="


def raw_ssn(member):
    with connection.cursor() as cursor:
        cursor.execute("SELECT ssn FROM accounts_member WHERE id = %s", [member.pk])
        return cursor.fetchone()[0]


def test_the_ssn_column_holds_only_ciphertext():
    member = MemberFactory(ssn="987651234")
    stored = raw_ssn(member)
    assert stored.startswith("v1:") and "987651234" not in stored and "1234" not in stored


def test_the_ssn_reads_back_in_clear_in_python():
    member = MemberFactory(ssn="987651234")
    assert Member.objects.get(pk=member.pk).ssn == "987651234"


def test_a_tampered_ciphertext_is_refused():
    import base64

    version, kid, payload = crypto.encrypt("987651234", context="accounts.member.ssn").split(":")
    raw = bytearray(base64.b64decode(payload))
    raw[20] ^= 0x01  # one bit of the ciphertext
    flipped = f"{version}:{kid}:{base64.b64encode(bytes(raw)).decode()}"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(flipped, context="accounts.member.ssn")


def test_a_ciphertext_moved_to_another_field_does_not_decrypt():
    token = crypto.encrypt("987651234", context="accounts.member.ssn")
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="insurance.medicare.number")


def test_a_value_under_a_removed_key_does_not_decrypt(settings):
    settings.FIELD_ENCRYPTION_KEYS = KEY_1
    token = crypto.encrypt("987651234", context="c")
    settings.FIELD_ENCRYPTION_KEYS = KEY_2
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, context="c")


def test_a_duplicate_ssn_is_refused_through_the_blind_index():
    MemberFactory(ssn="987650001")
    with pytest.raises(IntegrityError):
        MemberFactory(ssn="987-65-0001")


def test_the_blind_index_is_not_the_ssn_or_its_plain_hash():
    import hashlib

    member = MemberFactory(ssn="987650002")
    assert member.ssn_index != hashlib.sha256(b"987650002").hexdigest() and "0002" not in member.ssn_index


def test_the_encrypted_column_cannot_be_searched_with_like():
    with pytest.raises(Exception):
        list(Member.objects.filter(ssn__contains="0002"))


def test_the_masked_ssn_shows_only_the_last_four():
    assert MemberFactory(ssn="987650003").masked_ssn == "•••-••-0003"


def test_rotation_re_encrypts_everything_under_the_new_primary_and_is_idempotent(settings):
    settings.FIELD_ENCRYPTION_KEYS = KEY_1
    members = [MemberFactory() for _ in range(30)]
    settings.FIELD_ENCRYPTION_KEYS = f"{KEY_2},{KEY_1}"
    out = io.StringIO()
    call_command("rotate_field_keys", stdout=out)
    assert "accounts.Member.ssn: 30 re-encrypted" in out.getvalue()
    assert "98765" not in out.getvalue()  # no plaintext in the output
    settings.FIELD_ENCRYPTION_KEYS = KEY_2
    for member in members:
        assert raw_ssn(member).startswith("v1:k2:")
        assert Member.objects.get(pk=member.pk).ssn == member.ssn
    second = io.StringIO()
    call_command("rotate_field_keys", stdout=second)
    assert "accounts.Member.ssn: 0 re-encrypted" in second.getvalue()


def test_every_restricted_field_is_encrypted():
    from django.apps import apps

    restricted_names = {"ssn", "medicare_number", "account_number", "routing_number"}
    offenders = [f"{model._meta.label}.{field.name}" for model in apps.get_models()
                 for field in model._meta.concrete_fields
                 if field.name in restricted_names and not isinstance(field, EncryptedTextField)
                 and not model._meta.label.startswith("accounts.Historical")]
    assert offenders == []
