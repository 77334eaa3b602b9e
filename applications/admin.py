"""The staff workspace of the retirement application."""

from applications import enrolment_admin  # noqa: F401  (the insurance enrolments applications made, issue 17)
from applications.staff import proofs as staff_proofs  # noqa: F401  (the application's proofs, issue 19)
from applications.staff import queue as staff_queue  # noqa: F401  (the reviewer's queue, issue 19)
from applications.waivers import admin as waiver_admin  # noqa: F401  (the spousal waiver, issue 18)
