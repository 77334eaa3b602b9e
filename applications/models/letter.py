"""The acknowledgment letter of a submitted application (RULES §11 "After submission"): made once per application by
a Celery task (``applications.acknowledgment``), its PDF delivered into the member's Documents and its content kept
here, so the HTML page and the PDF say the same thing whatever the member changes afterwards."""

from django.db import models
from django.db.models.functions import Now


class AcknowledgmentLetter(models.Model):
    # One letter per application, whatever runs the task twice: the database decides.
    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE,
                                       related_name="acknowledgment")
    document = models.OneToOneField("accounts.Document", on_delete=models.PROTECT, related_name="+")
    # What the letter says (applications.acknowledgment.letter_content): plain JSON, money as decimal strings.
    content = models.JSONField()
    created_at = models.DateTimeField(db_default=Now())

    def __str__(self):
        return f"Acknowledgment of application {self.application_id}"
