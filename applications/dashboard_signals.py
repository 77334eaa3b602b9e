"""The dashboard's application card shown anew whenever what it shows changes (accounts.dashboard_cache): the
application's state, a proof on its checklist (the application's own or an insured dependent's), a milestone."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.dashboard_cache import member_changed
from applications.models import Application, ApplicationProof, Milestone
from insurance.models import Proof as DependentProof


@receiver([post_save, post_delete], sender=Application)
@receiver([post_save, post_delete], sender=ApplicationProof)
@receiver([post_save, post_delete], sender=DependentProof)
def on_application_changed(sender, instance, **kwargs):
    member_changed(instance.member_id)


@receiver([post_save, post_delete], sender=Milestone)
def on_milestone_recorded(sender, instance, **kwargs):
    member_id = Application.objects.filter(pk=instance.application_id).values_list("member_id", flat=True).first()
    if member_id is not None:  # None while the application itself is being deleted (its own signal covers it)
        member_changed(member_id)
