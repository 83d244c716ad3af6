"""The notification settings form: for each event type the user can receive, in the app (yes or
no) and email (off, immediately, daily digest). Rules are the service's (``preferences_save``)."""

from django import forms

from notifications.event_types import EmailDelivery
from notifications.selectors import PreferenceRow
from notifications.services.preferences import ChannelChoice


def in_app_name(event_type: str) -> str:
    return f"{event_type}-in_app"


def email_name(event_type: str) -> str:
    return f"{event_type}-email"


class PreferencesForm(forms.Form):
    def __init__(self, *args: object, rows: list[PreferenceRow], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            event_type, label = row.spec.type.value, row.spec.label
            self.fields[in_app_name(event_type)] = forms.BooleanField(
                required=False,
                initial=row.effective.in_app,
                label=f"{label}: in the app",
                widget=forms.CheckboxInput(attrs={"class": "form-check-input", "role": "switch"}),
            )
            if row.spec.email_allowed:
                self.fields[email_name(event_type)] = forms.ChoiceField(
                    choices=EmailDelivery.choices,
                    initial=row.effective.email,
                    label=f"{label}: email",
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )

    def choices(self) -> dict[str, ChannelChoice]:
        """The whole table as the service takes it (event type -> channels)."""
        data = self.cleaned_data
        return {
            row.spec.type.value: ChannelChoice(
                in_app=data[in_app_name(row.spec.type.value)],
                email=data.get(email_name(row.spec.type.value), EmailDelivery.OFF),
            )
            for row in self.rows
        }

    def table(self) -> list[tuple[str, list[tuple[PreferenceRow, forms.BoundField, forms.BoundField | None]]]]:
        """The rows grouped as on the page: (group, [(row, in-app field, email field or None)])."""
        groups: dict[str, list] = {}
        for row in self.rows:
            event_type = row.spec.type.value
            email = self[email_name(event_type)] if row.spec.email_allowed else None
            groups.setdefault(row.spec.group, []).append((row, self[in_app_name(event_type)], email))
        return list(groups.items())
