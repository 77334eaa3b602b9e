"""The Celery application. Workers: `celery -A portal worker`; periodic jobs: `celery -A portal beat`."""

import os

from celery import Celery
from celery.signals import worker_init

from portal.startup import require_real_virus_scanner, require_runtime_secrets

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _require_secrets(**kwargs):
    require_runtime_secrets()
    require_real_virus_scanner()
