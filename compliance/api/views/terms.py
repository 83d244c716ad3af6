"""``/api/v1/data-protection-terms/``: each agreement's data-protection terms with their checklist.
Hospital admins record them (one set per agreement: POST with ``agreement``, then PATCH); vendor
tokens read their own vendor's."""

from rest_framework.serializers import BaseSerializer

from compliance.api.serializers.terms import DataProtectionTermsSerializer
from compliance.selectors.terms import terms_list
from compliance.services.terms import TERMS_FIELDS, terms_save
from core.api.viewsets import ScopedModelViewSet


class DataProtectionTermsViewSet(ScopedModelViewSet):
    write_action = "compliance.terms_manage"
    queryset = terms_list()
    serializer_class = DataProtectionTermsSerializer
    filterset_fields = ["agreement"]
    ordering_fields = ["agreement", "updated_at"]
    ordering = ["agreement"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _save(self, serializer: BaseSerializer) -> None:
        data = serializer.validated_data
        agreement = data.get("agreement") or serializer.instance.agreement
        with self._audited():
            serializer.instance = terms_save(
                agreement=agreement,
                values={name: data[name] for name in TERMS_FIELDS if name in data},
                actor=self.request.user,
            )
        self._reload(serializer)

    def perform_create(self, serializer: BaseSerializer) -> None:
        self._save(serializer)

    def perform_update(self, serializer: BaseSerializer) -> None:
        self._save(serializer)
