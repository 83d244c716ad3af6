"""The requesting user's notification preferences: read as a table against the defaults, written
as the whole table (``PUT``). The service (``preferences_save``) enforces the same rules."""

from rest_framework import serializers

from notifications.event_types import CATALOGUE, SPECS, EmailDelivery, specs_for_role


class ChannelsSerializer(serializers.Serializer):
    in_app = serializers.BooleanField()
    email = serializers.ChoiceField(choices=EmailDelivery.choices)


class PreferenceSerializer(serializers.Serializer):
    event_type = serializers.CharField(source="spec.type.value")
    label = serializers.CharField(source="spec.label")
    group = serializers.CharField(source="spec.group")
    description = serializers.CharField(source="spec.description")
    email_allowed = serializers.BooleanField(source="spec.email_allowed")
    in_app = serializers.BooleanField(source="effective.in_app")
    email = serializers.ChoiceField(source="effective.email", choices=EmailDelivery.choices)
    default = ChannelsSerializer(help_text="The role's default; rows equal to it follow later changes of it.")
    is_default = serializers.BooleanField()


class PreferencesSerializer(serializers.Serializer):
    preferences = PreferenceSerializer(many=True)


class PreferenceInputSerializer(serializers.Serializer):
    event_type = serializers.ChoiceField(
        choices=[(spec.type.value, spec.label) for spec in CATALOGUE],
        error_messages={"invalid_choice": "“{input}” is not an event type you can receive (GET lists them)."},
    )
    in_app = serializers.BooleanField()
    email = serializers.ChoiceField(
        choices=EmailDelivery.choices,
        error_messages={"invalid_choice": "“{input}” is not one of off, immediate, digest."},
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        role = getattr(getattr(request, "user", None), "role", None)
        if role is not None:  # the schema lists every event type; a user may set their role's
            fields["event_type"].choices = [(spec.type.value, spec.label) for spec in specs_for_role(role)]
        return fields

    def validate(self, attrs: dict) -> dict:
        spec = SPECS[attrs["event_type"]]
        if not spec.email_allowed and attrs["email"] != EmailDelivery.OFF:
            raise serializers.ValidationError({"email": f"“{spec.label}” is shown in the app only: email must be off."})
        return attrs


class PreferencesUpdateSerializer(serializers.Serializer):
    preferences = PreferenceInputSerializer(
        many=True, help_text="Event types left out return to their defaults; an empty list resets everything."
    )

    def validate_preferences(self, items: list[dict]) -> list[dict]:
        seen: set[str] = set()
        for item in items:
            if item["event_type"] in seen:
                raise serializers.ValidationError(f"“{item['event_type']}” is given twice; give each event type once.")
            seen.add(item["event_type"])
        return items
