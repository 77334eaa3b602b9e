"""The dashboard shown anew whenever a save or delete changes a member's pension record, their employer, or what a
retiree's pension card shows — the insurance profile and coverage, pensions.retiree (accounts.dashboard_cache).
Bulk loads send no signals: their services call ``member_changed`` themselves."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.dashboard_cache import member_changed
from accounts.models import Member
from insurance.models import CoveredDependent, Dependent, Enrolment, InsuranceProfile
from pensions.models import ContributionYear, Employer, PayPeriodReport, ServiceCreditEntry


@receiver([post_save, post_delete], sender=PayPeriodReport)
@receiver([post_save, post_delete], sender=ServiceCreditEntry)
@receiver([post_save, post_delete], sender=ContributionYear)
@receiver([post_save, post_delete], sender=InsuranceProfile)
@receiver([post_save, post_delete], sender=Enrolment)
@receiver([post_save, post_delete], sender=Dependent)
def on_record_changed(sender, instance, **kwargs):
    member_changed(instance.member_id)


@receiver(post_save, sender=Employer)
def on_employer_changed(sender, instance, created, **kwargs):
    if not created:  # its name shows on the dashboard of each of its members
        member_changed(*Member.objects.filter(employer=instance).values_list("pk", flat=True))


@receiver([post_save, post_delete], sender=CoveredDependent)
def on_coverage_changed(sender, instance, **kwargs):
    member_id = Enrolment.objects.filter(pk=instance.enrolment_id).values_list("member_id", flat=True).first()
    if member_id is not None:  # None when the enrolment itself is being deleted (its own signal covers it)
        member_changed(member_id)
