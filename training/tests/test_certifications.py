"""Certifications: the last valid day follows from the kind; valid, expiring soon and expired
lists; the evidence checked and served through scoped views; reminders before expiry, once, to
the admins and the holder, none for one already renewed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import StaffMemberFactory, UserFactory
from notifications.models import Notification, OutboxEmail
from training.models import Certification, CertificationKind, CertificationState
from training.selectors.certifications import certification_list, in_state
from training.services.certification_reminders import certification_expiry_reminders
from training.services.certifications import certification_save, expiry_for
from training.tests.factories import CertificationFactory, CertificationKindFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def pdf(name: str = "certificate.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 certificate", content_type="application/pdf")


def test_the_last_valid_day_follows_from_the_kind(admin_user) -> None:
    two_years = CertificationKindFactory(validity_months=24)
    for_good = CertificationKindFactory(validity_months=None, vendor=None, name="Internal trainer")
    person = StaffMemberFactory()
    saved = certification_save(
        certification=None, person=person, kind=two_years, earned_on=D(2024, 2, 29), note="", by=admin_user
    )
    assert Certification.objects.get(pk=saved.pk).expires_on == D(2026, 2, 27)
    assert expiry_for(two_years, D(2025, 3, 1)) == D(2027, 2, 28)
    kept = certification_save(
        certification=None,
        person=person,
        kind=for_good,
        earned_on=D(2025, 1, 1),
        note="",
        by=admin_user,
        evidence=pdf(),
    )
    assert kept.expires_on is None
    assert kept.evidence_name == "certificate.pdf"
    # Corrected: the day moves, the last valid day with it.
    certification_save(
        certification=saved, person=person, kind=two_years, earned_on=D(2025, 6, 1), note="renewed", by=admin_user
    )
    assert Certification.objects.get(pk=saved.pk).expires_on == D(2027, 5, 31)


def test_bad_evidence_a_retired_kind_and_other_roles_are_refused(admin_user, staff_user) -> None:
    kind, person = CertificationKindFactory(), StaffMemberFactory()
    with pytest.raises(ValidationError) as error:
        certification_save(
            certification=None,
            person=person,
            kind=kind,
            earned_on=D(2025, 1, 1),
            note="",
            by=admin_user,
            evidence=SimpleUploadedFile("run.exe", b"MZ"),
        )
    assert "evidence" in error.value.message_dict
    retired = CertificationKindFactory(active=False)
    with pytest.raises(ValidationError) as error:
        certification_save(
            certification=None, person=person, kind=retired, earned_on=D(2025, 1, 1), note="", by=admin_user
        )
    assert "kind" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        certification_save(
            certification=None, person=person, kind=kind, earned_on=D(2025, 1, 1), note="", by=staff_user
        )
    assert not Certification.objects.exists()


def test_valid_expiring_soon_and_expired() -> None:
    today = timezone.localdate()
    kind = CertificationKindFactory(validity_months=12)

    def ending(days: int) -> Certification:
        return CertificationFactory(
            kind=kind, earned_on=today - datetime.timedelta(days=300), expires_on=today + datetime.timedelta(days=days)
        )

    expired, last_day, soon, later = ending(-1), ending(0), ending(59), ending(60)
    for_good = CertificationFactory(kind=CertificationKindFactory(validity_months=None))
    states = {
        state: set(in_state(certification_list(), state, today=today).values_list("pk", flat=True))
        for state in CertificationState.values
    }
    assert states == {
        "expired": {expired.pk},
        "expiring": {last_day.pk, soon.pk},
        "valid": {later.pk, for_good.pk},
    }
    assert [c.state(today) for c in (expired, last_day, later)] == ["expired", "expiring", "valid"]


def test_reminders_reach_the_admins_and_the_holder_once(admin_user) -> None:
    today = timezone.localdate()
    holder_user = UserFactory()
    linked = StaffMemberFactory(name="Lena Linked", user=holder_user)
    unlinked = StaffMemberFactory(name="Ulf Unlinked", email="ulf@hospital.example")
    kind = CertificationKindFactory(name="Certified PACS administrator")
    CertificationFactory(person=linked, kind=kind, expires_on=today + datetime.timedelta(days=30))
    CertificationFactory(person=unlinked, kind=kind, expires_on=today + datetime.timedelta(days=7))
    CertificationFactory(person=StaffMemberFactory(), kind=kind, expires_on=today + datetime.timedelta(days=29))

    report = certification_expiry_reminders(today=today)
    again = certification_expiry_reminders(today=today)

    assert (report.done, report.failed, again.done) == (3, [], 0)
    titles = sorted(Notification.objects.filter(recipient=admin_user).values_list("title", flat=True))
    in_30, in_7 = today + datetime.timedelta(days=30), today + datetime.timedelta(days=7)
    assert titles == [
        f"Lena Linked: Certified PACS administrator certification expires in 30 days ({in_30:%Y-%m-%d})",
        f"Ulf Unlinked: Certified PACS administrator certification expires in 7 days ({in_7:%Y-%m-%d})",
    ]
    assert Notification.objects.filter(recipient=holder_user, event_type="certification_expiring").count() == 1
    mailed = [mail.to for mail in OutboxEmail.objects.all() if "Ulf Unlinked" in mail.subject]
    assert mailed == [["ulf@hospital.example"]]


def test_a_renewed_certification_is_not_reminded_of_and_the_command_runs(admin_user, capsys) -> None:
    today = timezone.localdate()
    person, kind = StaffMemberFactory(), CertificationKindFactory(validity_months=24)
    CertificationFactory(
        person=person, kind=kind, earned_on=D(2020, 1, 1), expires_on=today + datetime.timedelta(days=60)
    )
    CertificationFactory(person=person, kind=kind, earned_on=today)
    call_command("remind_certifications")
    assert "0 done" in capsys.readouterr().out
    other = CertificationFactory(kind=kind, expires_on=today)
    call_command("remind_certifications")
    assert "1 done" in capsys.readouterr().out
    assert Notification.objects.get(recipient=admin_user).title.startswith(f"{other.person.name}:")
    assert Notification.objects.get(recipient=admin_user).title.endswith("expires today")


def test_the_list_filters_by_state_in_flat_queries(admin_client: Client, django_assert_max_num_queries) -> None:
    today = timezone.localdate()
    kind = CertificationKindFactory(name="Viewer super-user")
    for days in (-3, 10, 400):
        CertificationFactory.create_batch(3, kind=kind, expires_on=today + datetime.timedelta(days=days))
    with django_assert_max_num_queries(14):
        response = admin_client.get("/training/certifications/", {"state": "expiring"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Expiring soon</span>") == 3
    assert "Expired</span>" not in page
    assert 'href="/training/certifications/add/"' in page


def test_recorded_through_the_form_with_its_evidence(admin_client: Client, staff_user) -> None:
    kind = CertificationKindFactory(validity_months=12)
    person = StaffMemberFactory()
    response = admin_client.post(
        "/training/certifications/add/",
        {"person": person.pk, "kind": kind.pk, "earned_on": "2026-01-31", "note": "", "evidence": pdf()},
    )
    assert response.status_code == 302
    certification = Certification.objects.get()
    assert (certification.person, certification.expires_on) == (person, D(2027, 1, 30))
    download = admin_client.get(f"/training/certifications/{certification.pk}/evidence/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 certificate"
    assert "attachment" in download["Content-Disposition"]
    bad = admin_client.post(
        "/training/certifications/add/",
        {"person": person.pk, "kind": kind.pk, "earned_on": "2026-02-01", "evidence": pdf("virus.exe")},
    )
    assert bad.status_code == 200
    assert "Allowed file types" in bad.content.decode()
    assert Certification.objects.count() == 1


def test_kinds_are_kept_by_admins(admin_client: Client) -> None:
    response = admin_client.post(
        "/training/certification-kinds/add/",
        {"name": "Internal trainer", "vendor": "", "internal_trainer": "on", "active": "on"},
    )
    assert response.status_code == 302
    kind = CertificationKind.objects.get()
    assert (kind.vendor, kind.validity_months, kind.internal_trainer) == (None, None, True)
    assert "Internal trainer" in admin_client.get("/training/certification-kinds/").content.decode()


def test_the_portal_shows_the_vendors_own_certifications_and_their_evidence(
    vendor, other_vendor, vendor_client: Client, django_assert_max_num_queries
) -> None:
    own = CertificationFactory(
        kind=CertificationKindFactory(vendor=vendor, name="Certified Meridian administrator"),
        person=StaffMemberFactory(name="Ada Holder", staff_number="H-77"),
    )
    own.evidence.save("certificate.pdf", ContentFile(b"%PDF-1.4 own"), save=True)
    foreign = CertificationFactory(kind=CertificationKindFactory(vendor=other_vendor, name="Other vendor's"))
    foreign.evidence.save("certificate.pdf", ContentFile(b"%PDF-1.4 foreign"), save=True)
    CertificationFactory(kind=CertificationKindFactory(vendor=None, name="Internal trainer"))
    with django_assert_max_num_queries(12):
        response = vendor_client.get("/portal/certifications/")
    page = response.content.decode()
    assert "Ada Holder" in page
    assert "Certified Meridian administrator" in page
    assert "H-77" not in page
    assert "Other vendor's" not in page
    assert "Internal trainer" not in page
    download = vendor_client.get(f"/portal/certifications/{own.pk}/evidence/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 own"
    assert vendor_client.get(f"/portal/certifications/{foreign.pk}/evidence/").status_code == 404
    assert vendor_client.get("/training/certifications/").status_code in (403, 404)
