"""Data-protection terms of an agreement: the pure checklist (compliance/terms.py), saving them
(service, page, API) and the section on the agreement's page."""

from dataclasses import replace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from compliance.models import DataProtectionTerms
from compliance.services.terms import terms_save
from compliance.terms import TermsFacts, missing_terms, terms_checklist
from compliance.tests.factories import terms_for
from slas.tests.factories import agreement_for
from vendors.tests.factories import ContractFactory

FULL = TermsFacts(
    encryption_at_rest="AES-256",
    encryption_in_transit="TLS 1.2+",
    access_control="MFA",
    data_location="EU",
    sub_processors="None",
    breach_notification_hours=24,
    audit_rights=True,
    data_return_and_deletion="Export and deletion certificate",
)


def test_complete_terms_miss_nothing() -> None:
    assert missing_terms(FULL) == []
    assert [item.label for item in terms_checklist(FULL)] == [
        "Encryption at rest",
        "Encryption in transit",
        "Access control",
        "Data location",
        "Sub-processors",
        "Breach notification",
        "Audit rights",
        "Data return and deletion",
    ]


def test_empty_terms_miss_everything_and_say_what() -> None:
    missing = missing_terms(TermsFacts(encryption_at_rest="  "))
    assert len(missing) == 8
    assert missing[0].detail == "No standard named for stored data."


@pytest.mark.parametrize(("hours", "met"), [(None, False), (1, True), (72, True), (73, False), (720, False)])
def test_a_breach_must_be_told_within_72_hours(hours: int | None, met: bool) -> None:
    breach = next(
        item for item in terms_checklist(replace(FULL, breach_notification_hours=hours)) if "Breach" in item.label
    )
    assert breach.met is met


@pytest.mark.django_db
def test_an_admin_records_terms_once_per_agreement_and_the_page_shows_what_is_missing(admin_client, vendor):
    agreement = agreement_for(ContractFactory(vendor=vendor))
    page = admin_client.get(f"/sla/agreements/{agreement.pk}/").content.decode()
    assert "Data-protection terms" in page
    assert "8 missing" in page
    assert f'href="/compliance/agreements/{agreement.pk}/terms/"' in page

    response = admin_client.post(
        f"/compliance/agreements/{agreement.pk}/terms/",
        {"encryption_at_rest": "AES-256", "encryption_in_transit": "TLS 1.3", "breach_notification_hours": "48"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/sla/agreements/{agreement.pk}/#data-protection"
    terms = DataProtectionTerms.objects.get(agreement=agreement)
    assert (terms.encryption_at_rest, terms.breach_notification_hours, terms.audit_rights) == ("AES-256", 48, False)
    page = admin_client.get(f"/sla/agreements/{agreement.pk}/").content.decode()
    assert "5 missing" in page
    assert "Within 48 h of the vendor" in page

    admin_client.post(f"/compliance/agreements/{agreement.pk}/terms/", {"encryption_at_rest": "AES-128"})
    assert DataProtectionTerms.objects.get().encryption_at_rest == "AES-128"


@pytest.mark.django_db
def test_a_deadline_out_of_range_is_a_form_error(admin_client, vendor):
    agreement = agreement_for(ContractFactory(vendor=vendor))
    response = admin_client.post(f"/compliance/agreements/{agreement.pk}/terms/", {"breach_notification_hours": "0"})
    assert response.status_code == 200
    assert "Ensure this value is at least 1." in response.content.decode()
    assert not DataProtectionTerms.objects.exists()


@pytest.mark.django_db
def test_staff_read_the_terms_but_do_not_edit_them(staff_client, vendor):
    terms = terms_for(vendor, audit_rights=False)
    page = staff_client.get(f"/sla/agreements/{terms.agreement_id}/").content.decode()
    assert "1 missing" in page
    assert "/terms/" not in page
    response = staff_client.post(f"/compliance/agreements/{terms.agreement_id}/terms/", {"audit_rights": "on"})
    assert response.status_code == 403
    assert DataProtectionTerms.objects.get().audit_rights is False


@pytest.mark.django_db
def test_only_admins_save_terms_in_the_service(vendor, vendor_user, staff_user):
    agreement = agreement_for(ContractFactory(vendor=vendor))
    for user in (vendor_user, staff_user):
        with pytest.raises(PermissionDenied):
            terms_save(agreement=agreement, values={"data_location": "EU"}, actor=user)
    assert not DataProtectionTerms.objects.exists()


@pytest.mark.django_db
def test_the_service_checks_every_term(vendor, admin_user):
    agreement = agreement_for(ContractFactory(vendor=vendor))
    with pytest.raises(ValidationError) as refused:
        terms_save(agreement=agreement, values={"breach_notification_hours": 10_000}, actor=admin_user)
    assert "breach_notification_hours" in refused.value.message_dict


@pytest.mark.django_db
def test_the_api_records_and_reads_terms_with_their_checklist(admin_api, vendor_api, vendor, other_vendor):
    agreement = agreement_for(ContractFactory(vendor=vendor))
    created = admin_api.post(
        "/api/v1/data-protection-terms/",
        {"agreement": agreement.pk, "data_location": "EU (Germany)", "audit_rights": True},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert "Data location" not in created.json()["missing"]
    assert "Encryption at rest" in created.json()["missing"]
    again = admin_api.post("/api/v1/data-protection-terms/", {"agreement": agreement.pk}, format="json")
    assert again.status_code == 400
    terms_id = created.json()["id"]
    patched = admin_api.patch(
        f"/api/v1/data-protection-terms/{terms_id}/", {"breach_notification_hours": 12}, format="json"
    )
    assert patched.json()["breach_notification_hours"] == 12
    assert DataProtectionTerms.objects.get().breach_notification_hours == 12

    foreign = terms_for(other_vendor)
    listed = [row["id"] for row in vendor_api.get("/api/v1/data-protection-terms/").json()["results"]]
    assert listed == [terms_id]
    assert vendor_api.get(f"/api/v1/data-protection-terms/{foreign.pk}/").status_code == 404
    refused = vendor_api.patch(f"/api/v1/data-protection-terms/{terms_id}/", {"audit_rights": False}, format="json")
    assert refused.status_code == 403
    assert DataProtectionTerms.objects.get(pk=terms_id).audit_rights is True


def _portal_sla(client) -> str:
    response = client.get("/portal/sla/")
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_the_vendor_reads_the_terms_of_its_own_agreements_in_the_portal(vendor_client, vendor, other_vendor):
    own = terms_for(vendor, data_location="Frankfurt data centre", audit_rights=False)
    terms_for(other_vendor, data_location="Foreign data centre")

    page = _portal_sla(vendor_client)

    assert "Data-protection terms" in page
    assert "Frankfurt data centre" in page
    assert "Foreign data centre" not in page
    assert "1 missing" in page  # audit rights not agreed
    assert reverse("compliance:terms_edit", kwargs={"agreement": own.agreement_id}) not in page
    assert "Edit terms" not in page


def test_an_agreement_without_terms_says_so_in_the_portal(vendor_client, vendor):
    agreement_for(ContractFactory(vendor=vendor))

    page = _portal_sla(vendor_client)

    assert "Nothing recorded yet about how this vendor protects our data." in page
    assert "8 missing" in page
    assert "Record terms" not in page


def test_the_portal_reads_the_terms_of_every_agreement_at_once(vendor_client, vendor):
    terms_for(vendor)
    with CaptureQueriesContext(connection) as one:
        _portal_sla(vendor_client)
    terms_for(vendor)
    terms_for(vendor)
    with CaptureQueriesContext(connection) as three:
        page = _portal_sla(vendor_client)

    assert page.count('id="data-protection"') == 3
    # The terms are joined to the agreements: no query per agreement.
    assert len(three) == len(one)
