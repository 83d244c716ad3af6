"""drf-spectacular's schema generator, with the API's routers built before it enumerates them.

The routers build their patterns on first use (``core.api.routers``); the schema lists every
route, so the generator builds them all first. Named by ``SPECTACULAR_SETTINGS``.
"""

from django.urls import get_resolver
from drf_spectacular.generators import SchemaGenerator as SpectacularSchemaGenerator

from core.api.routers import build_all_routers


class SchemaGenerator(SpectacularSchemaGenerator):
    def _initialise_endpoints(self) -> None:
        if self.endpoints is None:
            build_all_routers(self.patterns or get_resolver(self.urlconf).url_patterns)
        super()._initialise_endpoints()
