"""``/api/v1/certifications/`` and ``/api/v1/certification-kinds/``: hospital users read all,
vendor users those of the kinds their vendor issues; hospital admins keep them (a certification
through ``certification_save``, which sets its last valid day)."""

from rest_framework.serializers import BaseSerializer

from core.api.viewsets import ScopedModelViewSet
from training.api.serializers.certifications import CertificationKindSerializer, CertificationSerializer
from training.filters.certifications import CertificationFilterSet, CertificationKindFilterSet
from training.models import Certification
from training.selectors.certifications import certification_kind_list, certification_list
from training.services.certifications import certification_save


class CertificationKindViewSet(ScopedModelViewSet):
    write_action = "certification.manage"
    queryset = certification_kind_list()
    serializer_class = CertificationKindSerializer
    filterset_class = CertificationKindFilterSet
    ordering_fields = ["name", "validity_months"]
    ordering = ["name", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class CertificationViewSet(ScopedModelViewSet):
    write_action = "certification.manage"
    queryset = certification_list()
    serializer_class = CertificationSerializer
    filterset_class = CertificationFilterSet
    ordering_fields = ["expires_on", "earned_on", "person__name", "kind__name"]
    ordering = ["expires_on", "id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def _save(self, serializer: BaseSerializer, certification: Certification | None) -> None:
        data = serializer.validated_data
        with self._audited():
            serializer.instance = certification_save(
                certification=certification,
                person=data.get("person") or certification.person,
                kind=data.get("kind") or certification.kind,
                earned_on=data.get("earned_on") or certification.earned_on,
                note=data.get("note", certification.note if certification else ""),
                by=self.request.user,
            )
        self._reload(serializer)

    def perform_create(self, serializer: BaseSerializer) -> None:
        self._save(serializer, None)

    def perform_update(self, serializer: BaseSerializer) -> None:
        self._save(serializer, Certification.objects.get(pk=serializer.instance.pk))
