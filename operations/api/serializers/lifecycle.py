"""Components over their life in the API. Versions change only by posting a version change;
bulletins are applied by reaching their fixed-in version or by ``POST …/applied/``. Writes go
through ``operations.services.lifecycle``, whose refusals answer 400 with messages per field."""

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core import limits
from core.api.serializers import ScopedModelSerializer
from operations.lifecycle_rules import days_behind
from operations.models import ComponentLifecycle, SecurityBulletin, VersionChange
from operations.selectors.lifecycle import bulletin_days_behind, lifecycle_record_flags, patch_backlog
from operations.services.lifecycle import bulletin_save, lifecycle_save, version_change_record


class FlagSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="past_end_of_life, past_end_of_support, support_ending, …")
    label = serializers.CharField()
    colour = serializers.CharField(help_text="danger, warning or secondary.")


class ComponentLifecycleSerializer(ScopedModelSerializer):
    flags = serializers.SerializerMethodField()
    open_bulletins = serializers.SerializerMethodField()
    days_behind = serializers.SerializerMethodField(help_text="Days since the oldest unapplied bulletin's release.")

    class Meta:
        model = ComponentLifecycle
        fields = [
            "component",
            "software_version",
            "patch_level",
            "operating_system",
            "hardware_model",
            "serial_number",
            "installed_on",
            "warranty_ends_on",
            "support_ends_on",
            "end_of_life_on",
            "replacement_planned_on",
            "replacement_budget",
            "notes",
            "flags",
            "open_bulletins",
            "days_behind",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["software_version", "patch_level", "created_at", "updated_at"]

    @extend_schema_field(FlagSerializer(many=True))
    def get_flags(self, lifecycle: ComponentLifecycle) -> list[dict[str, str]]:
        flags = lifecycle_record_flags(lifecycle, timezone.localdate())
        return [{"key": flag.key, "label": flag.label, "colour": flag.colour} for flag in flags]

    def get_open_bulletins(self, lifecycle: ComponentLifecycle) -> int:
        return patch_backlog(lifecycle).open_bulletins

    def get_days_behind(self, lifecycle: ComponentLifecycle) -> int:
        return days_behind(patch_backlog(lifecycle), timezone.localdate())

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple):
            fields["component"].read_only = True  # a lifecycle stays with its component
        return fields

    def _save(self, lifecycle: ComponentLifecycle, validated_data: dict[str, Any]) -> ComponentLifecycle:
        for name, value in validated_data.items():
            setattr(lifecycle, name, value)
        return lifecycle_save(lifecycle=lifecycle, by=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> ComponentLifecycle:
        return self._save(ComponentLifecycle(), validated_data)

    def update(self, instance: ComponentLifecycle, validated_data: dict[str, Any]) -> ComponentLifecycle:
        return self._save(instance, validated_data)


class VersionChangeSerializer(ScopedModelSerializer):
    note = serializers.CharField(max_length=limits.NOTE_LENGTH, required=False, allow_blank=True, default="")

    class Meta:
        model = VersionChange
        fields = [
            "id",
            "component",
            "changed_on",
            "kind",
            "from_version",
            "from_patch_level",
            "to_version",
            "to_patch_level",
            "note",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = ["from_version", "from_patch_level", "recorded_by", "created_at"]

    def create(self, validated_data: dict[str, Any]) -> VersionChange:
        return version_change_record(by=self.context["request"].user, **validated_data)


class SecurityBulletinSerializer(ScopedModelSerializer):
    days_to_fix = serializers.SerializerMethodField(help_text="From release to the day applied, or to today.")

    class Meta:
        model = SecurityBulletin
        fields = [
            "id",
            "component",
            "reference",
            "title",
            "severity",
            "released_on",
            "fixed_in_version",
            "description",
            "applied_on",
            "applied_by",
            "days_to_fix",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["applied_on", "applied_by", "created_at", "updated_at"]

    def get_days_to_fix(self, bulletin: SecurityBulletin) -> int:
        return bulletin_days_behind(bulletin, timezone.localdate())

    def _save(self, bulletin: SecurityBulletin, validated_data: dict[str, Any]) -> SecurityBulletin:
        for name, value in validated_data.items():
            setattr(bulletin, name, value)
        return bulletin_save(bulletin=bulletin, by=self.context["request"].user)

    def create(self, validated_data: dict[str, Any]) -> SecurityBulletin:
        return self._save(SecurityBulletin(), validated_data)

    def update(self, instance: SecurityBulletin, validated_data: dict[str, Any]) -> SecurityBulletin:
        return self._save(instance, validated_data)


class BulletinAppliedSerializer(serializers.Serializer):
    applied_on = serializers.DateField(validators=limits.value_range(limits.DATES))
