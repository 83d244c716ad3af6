"""API throttles that count per client as ``core.client_ip`` sees it (forwarded addresses
trusted only from ``TRUSTED_PROXY_COUNT`` proxies), the same client the sign-in lockout counts."""

import logging

from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from core.client_ip import client_ip

logger = logging.getLogger(__name__)


class ClientScopedRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle keyed by ``core.client_ip`` for anonymous requests. Its counts live
    in the cache (Redis): with Redis down the request goes unthrottled rather than failing (the
    sign-in lockout, kept in the database, still counts wrong passwords)."""

    def get_ident(self, request: Request) -> str:
        return client_ip(request)

    def allow_request(self, request: Request, view: APIView) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception as error:
            # redis is imported here, not at start-up: it is already loaded once the cache was asked.
            from redis.exceptions import RedisError

            if not isinstance(error, RedisError):
                raise
            logger.warning("API throttle skipped: the cache is unreachable (%s)", error.__class__.__name__)
            return True
