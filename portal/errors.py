"""The one shape of a refused use case, for every app: a message the person who asked can read.

Services raise a subclass (``AccountError``, ``RecordsError``, ``InsuranceError``, ``MessageBoardError``,
``UploadRejected``…); views show ``message`` as it is (``portal.form_step.submit_form`` puts it on the form). The
message is written for a member, never for us: no exception text, no internal names.
"""


class ServiceError(Exception):
    """A use case refused. ``message`` is shown as it is; ``field`` names the input it is about, when one is;
    ``details`` are further lines shown after it, each as it is (a refused file's rows)."""

    def __init__(self, message, *, field=None, details=()):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = tuple(details)
