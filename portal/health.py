"""The health check load balancers and operators poll (SECURITY.md LG-7).

The portal serves members without Redis (portal.cache), so a Redis outage is "degraded" with status 200 — taking
every web node out of the load balancer for it would turn a degraded portal into a down one — while a database
that does not answer is a 503.
"""

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.access import public


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def _cache_answers():
    ping = getattr(cache, "ping", None)  # the in-process cache of development has nothing to lose
    return ping() if ping else True


@public
@never_cache
@require_GET
def health(request):
    database, redis = _database_answers(), _cache_answers()
    status = "ok" if database and redis else ("degraded" if database else "down")
    return JsonResponse({"status": status, "database": "ok" if database else "unavailable",
                         "cache": "ok" if redis else "unavailable"}, status=200 if database else 503)
