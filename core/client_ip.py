"""The address of the client behind a request, trusting ``X-Forwarded-For`` only as far as the
configured proxies.

Every proxy appends the address it received the request from to ``X-Forwarded-For``; whatever a
client sends in that header arrives in front of those entries. With ``TRUSTED_PROXY_COUNT`` = N,
the N-th entry from the right is the one our outermost proxy saw, so a client cannot choose it;
with 0 (no proxy), the header is ignored and the socket's ``REMOTE_ADDR`` is the client. The API
throttles (DRF's ``NUM_PROXIES``, the same rule) and the sign-in lockout (django-axes) both count
per this address, so a forged header resets neither.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the address our N-th trusted proxy saw."""
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxy_count = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxy_count <= 0 or not forwarded:
        return remote_addr
    addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
    if not addresses:
        return remote_addr
    return addresses[-min(proxy_count, len(addresses))]
