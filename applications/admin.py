"""The staff workspace of the retirement application."""

from applications.waivers import admin as waiver_admin  # noqa: F401  (the spousal waiver, issue 18)
