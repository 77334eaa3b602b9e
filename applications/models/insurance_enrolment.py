"""The insurance enrolment a retirement application made (issue 17, RULES §10, §11): made once, when the
application's required documents are all in (``applications.insurance_enrolment``), never twice — the application is
unique here, and the service checks under the application's row lock.

A row without an enrolment says the insurance services refused it (``problem``): staff see it in the admin and sort
it out with the member. When the coverage date the rules gave was not the one the member was shown on the insurance
step, ``shown_coverage_begins`` keeps the one shown, so staff and the member's notice can say what changed.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Now


class ApplicationEnrolment(models.Model):
    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT,
                                       related_name="insurance_enrolment")
    enrolment = models.OneToOneField("insurance.Enrolment", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    documents_received = models.DateField(help_text="The day the application's last required document arrived.")
    shown_coverage_begins = models.DateField(null=True, blank=True,
                                             help_text="The coverage date the member was shown on the insurance step.")
    coverage_begins = models.DateField(null=True, blank=True, help_text="The coverage date the rules gave.")
    problem = models.TextField(blank=True, help_text="Why the enrolment could not be made; staff sort it out.")
    created_at = models.DateTimeField(db_default=Now())
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "insurance enrolment at retirement"
        constraints = [
            # Made (with its date) or refused (with the reason): never neither.
            models.CheckConstraint(condition=(Q(enrolment__isnull=False) & Q(coverage_begins__isnull=False)
                                              & Q(problem=""))
                                   | (Q(enrolment__isnull=True) & ~Q(problem="")),
                                   name="applications_enrolment_made_or_refused"),
        ]

    def __str__(self):
        return f"Insurance enrolment of {self.application_id}"

    @property
    def date_changed(self):
        return self.enrolment_id is not None and self.coverage_begins != self.shown_coverage_begins


