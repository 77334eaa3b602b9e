"""The dashboard shown anew whenever a save or delete changes what a retiree's pension card shows — the insurance
profile (the monthly pension, the retirement date) and the coverage its premium deduction comes from
(applications.pension_paid, accounts.dashboard_cache)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.dashboard_cache import member_changed
from insurance.models import CoveredDependent, Dependent, Enrolment, InsuranceProfile


@receiver([post_save, post_delete], sender=InsuranceProfile)
@receiver([post_save, post_delete], sender=Enrolment)
@receiver([post_save, post_delete], sender=Dependent)
def on_insurance_changed(sender, instance, **kwargs):
    member_changed(instance.member_id)


@receiver([post_save, post_delete], sender=CoveredDependent)
def on_coverage_changed(sender, instance, **kwargs):
    member_id = Enrolment.objects.filter(pk=instance.enrolment_id).values_list("member_id", flat=True).first()
    if member_id is not None:  # None when the enrolment itself is being deleted (its own signal covers it)
        member_changed(member_id)
