"""The spousal waiver's periodic job (CELERY_BEAT_SCHEDULE "spousal-waivers")."""

from celery import shared_task

from applications.waivers import services


@shared_task(sweep=True)
def sweep_waivers_task():
    """Lapse signatures not notarised by midnight, remind once after 7 days, tell the member once of an expired
    link, and enqueue every missing document."""
    return services.sweep()
