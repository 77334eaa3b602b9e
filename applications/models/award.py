"""The award letter of an approved final calculation (RULES §11 "an award letter detailing the pension calculation";
issue 19 item 4): made once per calculation version by a Celery task (``applications.award``), its PDF delivered
into the member's Documents and its content kept here, so the page and the PDF say the same thing for good."""

from django.db import models
from django.db.models.functions import Now


class AwardLetter(models.Model):
    # One letter per approved calculation (an application version), whatever runs the task twice: the database decides.
    calculation = models.OneToOneField("applications.FinalCalculation", on_delete=models.PROTECT,
                                       related_name="award_letter")
    document = models.OneToOneField("accounts.Document", on_delete=models.PROTECT, related_name="+")
    # What the letter says (applications.award.letter_content): plain JSON, money as decimal strings, dates ISO.
    content = models.JSONField()
    created_at = models.DateTimeField(db_default=Now())

    def __str__(self):
        return f"Award letter of calculation {self.calculation_id}"
