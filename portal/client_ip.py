"""The client's address, trusting X-Forwarded-For only as far as our own proxies (SECURITY.md CF-6)."""

from django.conf import settings


def client_ip(request):
    """REMOTE_ADDR, or the address our N-th trusted proxy saw, counted from the right of X-Forwarded-For.

    A client can put anything on the left of X-Forwarded-For; only entries appended by proxies we run count.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
