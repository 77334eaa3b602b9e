"""What has happened to a submitted application on the office's side, with its day, for the member's timeline
(issue 17 item 5; RULES §11): the final payroll received from the employer, the pension calculated, the award letter
sent, the first payment made. Staff record them through ``applications.submitted_services.record_milestone`` (the
staff review calls it); each is recorded once. The spousal waiver's approval is not one: the approved round itself
says it (``applications.waivers.selectors.waiver_approved``), so a waiver voided by a changed election stops counting."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Now


class Milestone(models.Model):
    class Kind(models.TextChoices):
        FINAL_PAYROLL_RECEIVED = "FINAL_PAYROLL_RECEIVED", "Final payroll received"
        CALCULATED = "CALCULATED", "Pension calculated"
        AWARDED = "AWARDED", "Award letter sent"
        FIRST_PAYMENT = "FIRST_PAYMENT", "First payment made"

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(db_default=Now())

    class Meta:
        ordering = ["on", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "kind"], name="applications_milestone_once")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.on}"
