"""The staff side of the retirement application (issue 19): the reviewer's queue and the application's page in the
admin (``queue``), read through ``selectors``."""
