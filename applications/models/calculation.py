"""The office's final calculation of an application's pension (RULES §11 "ORS collects the final payroll from the
employer, recalculates"; issue 19 item 3): made by ``applications.calculation.recalculate`` from the member's actual
records, one version per recalculation, never changed afterwards except for who approved it.

``facts`` is the engine contract's input exactly as ``manage.py estimate`` reads it and ``result`` its output exactly
as the command prints it (``pensions.selectors.run_estimate``), so anyone can reproduce a calculation with the command.
Four eyes (``applications.staff_services.approve_award``): who calculated the latest version never approves it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now


class FinalCalculation(models.Model):
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="calculations")
    version = models.PositiveIntegerField(help_text="1, 2, … per application: each recalculation is a new version.")
    calculated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    calculated_at = models.DateTimeField(db_default=Now())
    facts = models.JSONField(help_text="The engine's input as `manage.py estimate` reads it.")
    result = models.JSONField(help_text="The engine's output as `manage.py estimate` prints it.")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "-version"]
        get_latest_by = "version"
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="applications_calculation_version_once"),
            models.CheckConstraint(condition=Q(approved_by__isnull=True, approved_at__isnull=True)
                                   | Q(approved_by__isnull=False, approved_at__isnull=False),
                                   name="applications_calculation_approval_whole"),
            # Four eyes, also for a row written by other means than the service.
            models.CheckConstraint(condition=Q(approved_by__isnull=True) | ~Q(approved_by=models.F("calculated_by")),
                                   name="applications_calculation_four_eyes"),
        ]

    def __str__(self):
        return f"Calculation {self.version} of application {self.application_id}"
