"""API throttles that count per client as ``core.client_ip`` sees it (forwarded addresses
trusted only from ``TRUSTED_PROXY_COUNT`` proxies), the same client the sign-in lockout counts."""

from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle

from core.client_ip import client_ip


class ClientScopedRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle keyed by ``core.client_ip`` for anonymous requests."""

    def get_ident(self, request: Request) -> str:
        return client_ip(request)
