"""The KPI catalogue in the API: read by every signed-in user, written by hospital admins (what
a KPI measures is fixed once it exists)."""

from typing import Any

from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from kpis.forms.catalogue import KPI_FIXED_FIELDS
from kpis.models import Kpi


class KpiSerializer(ScopedModelSerializer):
    """The catalogue. ``code``, ``unit``, ``direction``, ``source`` and ``scope`` are set when a
    KPI is created and fixed afterwards (computations, probes and clients rely on them)."""

    class Meta:
        model = Kpi
        fields = [
            "id",
            "code",
            "name",
            "area",
            "description",
            "unit",
            "direction",
            "target",
            "warning",
            "aggregation",
            "period",
            "source",
            "scope",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None:
            for name in KPI_FIXED_FIELDS:
                fields[name].read_only = True
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None:
            changed = {
                name: ["Fixed once the KPI exists."]
                for name in KPI_FIXED_FIELDS
                if name in self.initial_data and str(self.initial_data[name]) != str(getattr(self.instance, name))
            }
            if changed:
                raise serializers.ValidationError(changed)
        return super().validate(attrs)
