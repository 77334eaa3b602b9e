"""Checks a serving process makes before it accepts work (SECURITY.md CR-3)."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_runtime_secrets():
    """A web node or worker without its data keys must not start: it could neither read nor protect data."""
    missing = [name for name in ("FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY") if not getattr(settings, name)]
    if missing:
        raise ImproperlyConfigured(f"Set {' and '.join(missing)} (generate with `manage.py generate_field_key`).")
    if not settings.DEBUG and settings.FIELD_ENCRYPTION_KEYS == settings.DEVELOPMENT_FIELD_KEYS:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is the development key; production needs its own.")
