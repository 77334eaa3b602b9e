"""Model fields for sensitive values (see portal.crypto)."""

from django.db import models

from portal import crypto


class EncryptedTextField(models.TextField):
    """Stores ``v1:<kid>:<ciphertext>``; Python code only ever sees the plaintext.

    Encryption is randomised, so the column cannot be filtered on: pair it with a blind index where a lookup
    or a uniqueness rule is needed. ``sensitivity`` marks restricted data for the classification test (CR-5).
    """

    sensitivity = "restricted"

    def _context(self):
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value, context=self._context())

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value, context=self._context())

    def get_lookup(self, lookup_name):
        if lookup_name != "isnull":
            return None  # no LIKE, no ranges on ciphertext (SECURITY.md CR-4)
        return super().get_lookup(lookup_name)
