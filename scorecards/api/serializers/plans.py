"""Improvement plans in the API: read with their items; steps take a few fields each."""

from rest_framework import serializers

from core import limits
from kpis.models import Kpi
from scorecards.models import ImprovementPlan, PlanItem
from scorecards.models.plans import KPI_PERIODS, KPI_TARGET
from vendors.models import Vendor


class PlanItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanItem
        fields = [
            "id",
            "description",
            "owner_side",
            "owner",
            "milestone",
            "status",
            "consequence",
            "progress",
            "kpi",
            "kpi_target",
            "kpi_periods",
            "at_risk",
            "updated_at",
        ]
        read_only_fields = fields


class ImprovementPlanSerializer(serializers.ModelSerializer):
    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    items = PlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = ImprovementPlan
        fields = ["id", "vendor", "vendor_name", "evaluation", "title", "state", "activated_at", "closed_at", "items"]
        read_only_fields = fields


class PlanStartSerializer(serializers.Serializer):
    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all())
    title = serializers.CharField(max_length=200)


class PlanItemInputSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=300)
    owner_side = serializers.ChoiceField(choices=PlanItem.Side.choices)
    owner = serializers.CharField(max_length=120)
    milestone = serializers.DateField()
    consequence = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    kpi = serializers.PrimaryKeyRelatedField(
        queryset=Kpi.objects.filter(active=True), required=False, allow_null=True, default=None
    )
    kpi_target = serializers.DecimalField(
        max_digits=14,
        decimal_places=4,
        min_value=KPI_TARGET.low,
        max_value=KPI_TARGET.high,
        required=False,
        allow_null=True,
        default=None,
    )
    kpi_periods = serializers.IntegerField(
        min_value=KPI_PERIODS.low, max_value=KPI_PERIODS.high, required=False, allow_null=True, default=None
    )


class ItemProgressSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PlanItem.Status.choices)
    progress = serializers.CharField(max_length=limits.NOTE_LENGTH, required=False, allow_blank=True, default="")
