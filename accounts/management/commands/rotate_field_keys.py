"""Re-encrypt every protected value under the primary key (SECURITY.md CR-2).

Add the new key first in FIELD_ENCRYPTION_KEYS, run this, then remove the old key. Idempotent and resumable:
rows already under the primary key are left alone, each batch commits on its own, and rows another process
holds are skipped and picked up by the next run.
"""

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast

from accounts.adapters import MFA_SECRET_CONTEXT
from portal import crypto
from portal.fields import EncryptedTextField

BATCH = 500


def encrypted_fields():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


class Command(BaseCommand):
    help = "Re-encrypt protected fields (and TOTP secrets) under the primary key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        primary = crypto.primary_kid()
        for model, field in encrypted_fields():
            done = self._rotate_field(model, field, primary)
            self.stdout.write(f"{model._meta.label}.{field.name}: {done} re-encrypted")
        self.stdout.write(f"TOTP secrets: {self._rotate_totp(primary)} re-encrypted")

    def _rotate_field(self, model, field, primary):
        done = 0
        raw = Cast(field.name, output_field=models.TextField())  # the stored text, not decrypted
        stale_prefix = models.Q(**{"raw__startswith": f"{crypto.VERSION}:{primary}:"})
        while True:
            with transaction.atomic():
                rows = list(model._default_manager.select_for_update(skip_locked=True)
                            .annotate(raw=raw).exclude(stale_prefix).exclude(raw="").exclude(raw=None)[:BATCH])
                for row in rows:
                    row.save(update_fields=[field.name])  # decrypted on load, encrypted under the primary on save
            done += len(rows)
            if len(rows) < BATCH:
                return done

    def _rotate_totp(self, primary):
        done = 0
        with transaction.atomic():
            for authenticator in Authenticator.objects.select_for_update(skip_locked=True).filter(
                    type=Authenticator.Type.TOTP):
                secret = authenticator.data["secret"]
                if crypto.key_id(secret) == primary:
                    continue
                plain = crypto.decrypt(secret, context=MFA_SECRET_CONTEXT)
                authenticator.data["secret"] = crypto.encrypt(plain, context=MFA_SECRET_CONTEXT)
                authenticator.save(update_fields=["data"])
                done += 1
        return done
