"""Configuring probes (DICOM, HL7 v2 over MLLP, TCP, TLS, DICOMweb, FHIR): saving one with its
rules, switching it on or
off, and asking for a run now. The hospital pages and the API both call these; neither decides a rule itself.

The REST password (for HTTP probes signing in with a bearer token, the token) is write-only
everywhere: it is never shown back, a save without a new one keeps the stored one, and clearing
it is an explicit choice."""

import re
import string
from functools import partial
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction

from kpis.models import Probe, ProbeRun

AE_TITLE_MAX_LENGTH = 16
# DICOM PS3.5 AE: default character repertoire without backslash (the value separator) or
# control characters; leading and trailing spaces are not significant.
AE_TITLE_CHARACTERS = frozenset(string.printable) - frozenset("\\\t\n\r\x0b\x0c")
UID_PATTERN = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$")
UID_MAX_LENGTH = 64
# HL7 v2's separators (field, component, repetition, escape, subcomponent): a value holding one
# would change the test message's structure.
HL7_SEPARATORS = frozenset("|^~\\&")
# Probes that speak HTTP to ``base_url``: their host and port are the URL's.
HTTP_KINDS = (Probe.Kind.DICOMWEB, Probe.Kind.FHIR)
HTTP_SCHEMES = ("http", "https")
BASE_URL_NAMES = {
    Probe.Kind.DICOMWEB: "the DICOMweb base URL (the root of QIDO-RS and WADO-RS)",
    Probe.Kind.FHIR: "the FHIR server's base URL",
}
# A FHIR search: a resource type, then optionally its parameters (no scheme, host or spaces).
FHIR_SEARCH_PATTERN = re.compile(r"^[A-Z][A-Za-z]{1,63}(\?[^\s#]*)?$")
HL7_TEXT_FIELDS = ("hl7_sending_application", "hl7_receiving_application", "hl7_receiving_facility", "test_patient_id")


def ae_title_problem(value: str) -> str | None:
    """Why ``value`` is not a usable AE title, or None when it is."""
    if not value:
        return "Give the AE title (1 to 16 characters)."
    if len(value) > AE_TITLE_MAX_LENGTH:
        return f"An AE title has at most {AE_TITLE_MAX_LENGTH} characters; this one has {len(value)}."
    if "\\" in value:
        return "An AE title cannot contain a backslash."
    if not set(value) <= AE_TITLE_CHARACTERS:
        return "An AE title uses plain ASCII letters, digits, spaces and punctuation only."
    return None


def _uid_problem(value: str) -> str | None:
    if len(value) > UID_MAX_LENGTH or not UID_PATTERN.match(value):
        return "A study instance UID is digits separated by dots, e.g. 1.2.840.113619.2.55.3, at most 64 characters."
    return None


def hl7_text_problem(value: str) -> str | None:
    """Why ``value`` cannot go into a field of the HL7 test message, or None when it can."""
    if HL7_SEPARATORS & set(value):
        return "HL7 separators (| ^ ~ \\ &) cannot be used here."
    if any(not character.isprintable() for character in value):
        return "Use printable characters only."
    return None


def _hl7_errors(probe: Probe) -> dict[str, list[str]]:
    errors = {field: [problem] for field in HL7_TEXT_FIELDS if (problem := hl7_text_problem(getattr(probe, field)))}
    if not probe.hl7_sending_application and "hl7_sending_application" not in errors:
        errors["hl7_sending_application"] = ["Give the name we send as (MSH-3)."]
    if not probe.test_patient_id and "test_patient_id" not in errors:
        errors["test_patient_id"] = ["Give the test patient the message is about; the receiving system must know it."]
    return errors


def _normalise(probe: Probe) -> None:
    probe.name = probe.name.strip()
    probe.ae_title = probe.ae_title.strip()
    probe.calling_ae_title = probe.calling_ae_title.strip()
    probe.host = probe.host.strip()
    probe.test_study_uid = probe.test_study_uid.strip()
    probe.rest_url = probe.rest_url.strip()
    probe.base_url = probe.base_url.strip()
    probe.fhir_search = probe.fhir_search.strip().lstrip("/")
    probe.rest_username = probe.rest_username.strip()
    for field in HL7_TEXT_FIELDS:
        setattr(probe, field, getattr(probe, field).strip())


def _http_errors(probe: Probe) -> dict[str, list[str]]:
    """An HTTP probe's base URL (its host and port are taken from it) and how it signs in."""
    errors: dict[str, list[str]] = {}
    if not probe.base_url:
        errors["base_url"] = [f"Give {BASE_URL_NAMES[probe.kind]}."]
    else:
        parts = urlsplit(probe.base_url)
        try:
            port = parts.port
        except ValueError:
            port = None
            errors["base_url"] = ["The port in this URL is not a number from 1 to 65535."]
        if parts.scheme not in HTTP_SCHEMES or not parts.hostname:
            errors["base_url"] = ["Give an http:// or https:// URL with a host."]
        elif len(parts.hostname) > Probe._meta.get_field("host").max_length:
            errors["base_url"] = ["The host name in this URL is too long."]
        elif "base_url" not in errors:
            probe.host = parts.hostname
            probe.port = port or (443 if parts.scheme == "https" else 80)
    if probe.fhir_search and not FHIR_SEARCH_PATTERN.match(probe.fhir_search):
        errors["fhir_search"] = [
            "A search is a resource type and its parameters, e.g. ImagingStudy?patient=PVD-TEST-0001 (no spaces)."
        ]
    if probe.http_auth == Probe.HttpAuth.BASIC and not probe.rest_username:
        errors["rest_username"] = ["Basic sign-in needs a user name (and its password)."]
    return errors


def _rule_errors(probe: Probe) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if probe.kind == Probe.Kind.HL7_MLLP:
        errors.update(_hl7_errors(probe))
    elif probe.kind in HTTP_KINDS:
        errors.update(_http_errors(probe))
    elif probe.kind == Probe.Kind.DICOM:
        for field in ("ae_title", "calling_ae_title"):
            problem = ae_title_problem(getattr(probe, field))
            if problem:
                errors[field] = [problem]
    if probe.test_study_uid and (problem := _uid_problem(probe.test_study_uid)):
        errors["test_study_uid"] = [problem]
    if probe.host and any(character.isspace() for character in probe.host):
        errors["host"] = ["A host name or IP address has no spaces."]
    if probe.vendor_id and probe.component_id and probe.component.vendor_id != probe.vendor_id:
        errors["component"] = [f"“{probe.component}” is not a component of {probe.vendor}."]
    if (
        probe.interface_id
        and probe.component_id
        and probe.component_id
        not in (
            probe.interface.source_id,
            probe.interface.target_id,
        )
    ):
        errors["interface"] = [f"“{probe.component}” is neither end of the interface “{probe.interface}”."]
    if probe.pk and probe.vendor_id:
        stored_vendor_id = Probe.objects.filter(pk=probe.pk).values_list("vendor_id", flat=True).first()
        moved = stored_vendor_id is not None and stored_vendor_id != probe.vendor_id
        if moved and ProbeRun.objects.filter(probe_id=probe.pk).exists():
            errors["vendor"] = [
                "This probe has runs measured for its vendor; it cannot move to another vendor. "
                "Deactivate it and add a new probe instead."
            ]
    return errors


def _apply_password(probe: Probe, rest_password: str | None, clear_rest_password: bool) -> dict[str, list[str]]:
    if clear_rest_password and rest_password:
        return {"rest_password": ["Either type a new password or clear the stored one, not both."]}
    if clear_rest_password:
        probe.rest_password = ""
    elif rest_password:
        probe.rest_password = rest_password
    if probe.kind in HTTP_KINDS and probe.http_auth == Probe.HttpAuth.BEARER:
        if not probe.rest_password:
            return {"rest_password": ["Bearer sign-in needs the token: type it in the password field."]}
        return {}
    if probe.rest_password and not probe.rest_username:
        return {"rest_username": ["Give the user name that goes with the REST password."]}
    return {}


def probe_save(*, probe: Probe, rest_password: str | None = None, clear_rest_password: bool = False) -> Probe:
    """Create or update ``probe`` (its other fields already set by the caller).

    Rules: the component belongs to the probe's vendor and is an end of the probe's interface;
    for DICOM, called and calling AE titles are 1 to 16 ASCII characters without a backslash;
    for HL7 v2, our application name and the test patient are given and no value of the test
    message holds an HL7 separator; for DICOMweb and FHIR, an http or https base URL (the
    probe's host and port are the URL's), a user name for basic sign-in, a token for bearer
    sign-in and a FHIR search that is a resource type with its parameters; the test study UID is
    a DICOM UID; a probe with runs keeps its vendor (its history belongs to that vendor). ``rest_password`` replaces the
    stored password when given; None or an empty string keeps it; ``clear_rest_password``
    removes it. Every problem is raised at once, by field; nothing is saved then."""
    _normalise(probe)
    errors = _rule_errors(probe)
    for field, messages in _apply_password(probe, rest_password, clear_rest_password).items():
        errors.setdefault(field, []).extend(messages)
    try:
        # An HTTP probe's host and port come from its base URL, whose own error says what to fix.
        derived = ["host", "port"] if probe.kind in HTTP_KINDS else []
        probe.full_clean(exclude=[*errors, *derived])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        probe.save()
    return probe


def probe_set_active(*, probe: Probe, active: bool) -> Probe:
    """Switch a probe on or off. Probes are never deleted: their runs are measurements the
    month's uptime and KPIs were computed from. An incident the probe opened stays as it is
    (the outage it records happened); whoever knows the service is back ends it."""
    if probe.active != active:
        probe.active = active
        probe.save(update_fields=["active", "updated_at"])
    return probe


def _send_run(probe_id: int) -> None:
    from kpis.tasks import run_probe

    run_probe.delay(probe_id)


def probe_run_queue(*, probe: Probe) -> None:
    """Queue one run of ``probe`` for a worker once the surrounding transaction commits. Only
    active probes run (the task skips inactive ones, so asking would silently do nothing).
    A broker that cannot be reached raises ``kombu.exceptions.OperationalError``."""
    if not probe.active:
        raise ValidationError("This probe is inactive; activate it before running it.")
    transaction.on_commit(partial(_send_run, probe.pk))
