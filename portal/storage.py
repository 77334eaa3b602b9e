from django.core.files.storage import storages


def private_storage():
    """Member files: outside STATIC_ROOT and every public URL; served only by ownership-checked views."""
    return storages["private"]
