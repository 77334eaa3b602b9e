"""The dashboard shown anew whenever a save or delete changes a member's pension record or their employer
(accounts.dashboard_cache). Bulk loads send no signals: their services call ``member_changed`` themselves."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.dashboard_cache import member_changed
from accounts.models import Member
from pensions.models import ContributionYear, Employer, PayPeriodReport, ServiceCreditEntry


@receiver([post_save, post_delete], sender=PayPeriodReport)
@receiver([post_save, post_delete], sender=ServiceCreditEntry)
@receiver([post_save, post_delete], sender=ContributionYear)
def on_record_changed(sender, instance, **kwargs):
    member_changed(instance.member_id)


@receiver(post_save, sender=Employer)
def on_employer_changed(sender, instance, created, **kwargs):
    if not created:  # its name shows on the dashboard of each of its members
        member_changed(*Member.objects.filter(employer=instance).values_list("pk", flat=True))
