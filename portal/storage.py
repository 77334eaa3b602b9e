from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = storages["private"]


_private = _PrivateStorage()


def private_storage():
    """Member files: outside STATIC_ROOT and every public URL; served only by ownership-checked views.

    A callable, so migrations name this function rather than a storage; it returns a lazy proxy, so the
    ``private`` alias of STORAGES is read when the storage is used (tests point it at a folder of their own).
    """
    return _private


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private._wrapped = empty
