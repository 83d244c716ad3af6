"""The probe form. It parses input only; the rules live in ``kpis.services.probe_config``.

The REST password is write-only: the field is never filled in when the form is shown, leaving
it blank keeps the stored password, and a checkbox clears it."""

from typing import Any

from django import forms
from django.urls import reverse

from accounts.models import User
from core.forms import ScopedModelForm
from kpis.forms.samples import component_choices
from kpis.models import PROBE_INPUT_FIELDS, Probe

NO_COMPONENT_YET = "— choose the vendor first —"
CHOOSE_COMPONENT = "— choose a component —"


def probe_component_choices(vendor_id: int | None, user: User | None) -> list[tuple[int | str, str]]:
    """The chosen vendor's components (a probe measures exactly one, so no "whole vendor")."""
    choices = component_choices(vendor_id, user)[1:]
    return [("", CHOOSE_COMPONENT if vendor_id else NO_COMPONENT_YET), *choices]


class ProbeForm(ScopedModelForm):
    rest_url = forms.URLField(
        label="REST base URL",
        required=False,
        assume_scheme="http",  # Orthanc's REST API is plain HTTP unless a proxy fronts it
        max_length=Probe._meta.get_field("rest_url").max_length,
        help_text=Probe._meta.get_field("rest_url").help_text,
    )
    rest_password = forms.CharField(
        label="REST password",
        required=False,
        strip=False,
        max_length=Probe._meta.get_field("rest_password").max_length,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="Leave blank to keep the stored password.",
    )
    clear_rest_password = forms.BooleanField(label="Clear the stored password", required=False)

    class Meta:
        model = Probe
        fields = PROBE_INPUT_FIELDS
        labels = {
            "interval_minutes": "Run every (minutes)",
            "timeout_seconds": "Timeout (seconds)",
            "rest_username": "REST user name",
            "failure_threshold": "Incident after (runs)",
        }
        help_texts = {
            "ae_title": "The PACS's AE title: 1 to 16 ASCII characters, no backslash.",
            "calling_ae_title": "The AE title we call with; the PACS must know it (for C-GET in particular).",
            "test_study_uid": "Optional. A small study kept on the PACS: we find and retrieve it to time retrieval.",
            "failure_threshold": "Consecutive unreachable runs that open an incident (detected by monitoring).",
            "timeout_seconds": "For each check; a check that takes longer counts as failed.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vendor"].widget.attrs.update(
            {
                "hx-get": reverse("kpis:probe_components"),
                "hx-target": "#id_component",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        # Any component the user may see is accepted, so a mismatch reaches the service and is
        # refused there with its message; the list offers only the chosen vendor's.
        self.fields["component"].widget.choices = probe_component_choices(self._chosen_vendor_id(), self.user)
        if self.instance.rest_password:
            self.fields["rest_password"].help_text = "A password is stored. Leave blank to keep it."
        else:
            del self.fields["clear_rest_password"]

    def _chosen_vendor_id(self) -> int | None:
        if self.is_bound:
            value = self.data.get(self.add_prefix("vendor"))
        else:
            value = self.initial.get("vendor") or self.instance.vendor_id
        value = getattr(value, "pk", value)
        try:
            return int(value) if value else None
        except (TypeError, ValueError):
            return None

    def password_change(self) -> dict[str, Any]:
        """What the service needs to know about the password: a new one, or clear it."""
        return {
            "rest_password": self.cleaned_data.get("rest_password") or None,
            "clear_rest_password": bool(self.cleaned_data.get("clear_rest_password")),
        }
