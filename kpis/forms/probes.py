"""The probe form (DICOM, HL7 v2, TCP, TLS and DICOMweb probes). It parses input only; the rules
live in ``kpis.services.probe_config``.

The REST password is write-only: the field is never filled in when the form is shown, leaving
it blank keeps the stored password, and a checkbox clears it."""

from typing import Any

from django import forms

from core.forms import ScopedModelForm
from kpis.models import PROBE_INPUT_FIELDS, Probe
from vendors.forms import VendorChoices, VendorDependentChoicesMixin
from vendors.selectors import component_options, interface_options


class ProbeForm(VendorDependentChoicesMixin, ScopedModelForm):
    # A probe measures exactly one component: no "whole vendor".
    vendor_choices = {
        "component": VendorChoices(component_options, blank="— choose a component —"),
        "interface": VendorChoices(interface_options, blank="— none —"),
    }

    base_url = forms.URLField(
        label="Base URL",
        required=False,
        assume_scheme="https",
        max_length=Probe._meta.get_field("base_url").max_length,
        help_text=Probe._meta.get_field("base_url").help_text,
    )
    rest_url = forms.URLField(
        label="REST base URL",
        required=False,
        assume_scheme="http",  # Orthanc's REST API is plain HTTP unless a proxy fronts it
        max_length=Probe._meta.get_field("rest_url").max_length,
        help_text=Probe._meta.get_field("rest_url").help_text,
    )
    rest_password = forms.CharField(
        label="Password or bearer token",
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
            "rest_username": "User name",
            "failure_threshold": "Incident after (runs)",
            "kind": "Probe kind",
        }
        help_texts = {
            "ae_title": "DICOM probes: the PACS's AE title, 1 to 16 ASCII characters, no backslash.",
            "kind": "DICOM: echo, query and retrieval of a PACS. HL7 v2: a test message over MLLP and its ACK. "
            "DICOMweb: a QIDO-RS search and WADO-RS metadata of the test study. "
            "FHIR: the CapabilityStatement and an optional search.",
            "host": "Not for DICOMweb and FHIR probes: their host and port are the base URL's.",
            "calling_ae_title": "The AE title we call with; the PACS must know it (for C-GET in particular).",
            "test_study_uid": "Optional. A small study kept on the PACS: we find and retrieve it to time retrieval "
            "(DICOMweb: search it and read one instance's metadata).",
            "failure_threshold": "Consecutive unreachable runs that open an incident (detected by monitoring).",
            "timeout_seconds": "For each check; a check that takes longer counts as failed.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An HTTP probe's host and port come from its base URL (kpis.services.probe_config).
        self.fields["host"].required = False
        self.fields["port"].required = False
        self.fields["http_auth"].required = False  # only HTTP probes sign in; left out means none
        if self.instance.rest_password:
            self.fields["rest_password"].help_text = "A password is stored. Leave blank to keep it."
        else:
            del self.fields["clear_rest_password"]

    def clean_http_auth(self) -> str:
        return self.cleaned_data.get("http_auth") or Probe.HttpAuth.NONE

    def password_change(self) -> dict[str, Any]:
        """What the service needs to know about the password: a new one, or clear it."""
        return {
            "rest_password": self.cleaned_data.get("rest_password") or None,
            "clear_rest_password": bool(self.cleaned_data.get("clear_rest_password")),
        }
