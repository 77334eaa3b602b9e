"""Checks a serving process makes before it accepts work (SECURITY.md CR-3)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accounts.scanning import NO_REAL_SCANNER, uses_development_scanner


def require_runtime_secrets():
    """A web node or worker without its data keys must not start: it could neither read nor protect data."""
    missing = [name for name in ("FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY") if not getattr(settings, name)]
    if missing:
        raise ImproperlyConfigured(f"Set {' and '.join(missing)} (generate with `manage.py generate_field_key`).")
    if not settings.DEBUG and settings.FIELD_ENCRYPTION_KEYS == settings.DEVELOPMENT_FIELD_KEYS:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is the development key; production needs its own.")


def require_real_virus_scanner():
    """A production web node or worker must not accept uploads it cannot really scan (SECURITY.md FI-9)."""
    if not settings.DEVELOPMENT and uses_development_scanner():
        raise ImproperlyConfigured(NO_REAL_SCANNER)
