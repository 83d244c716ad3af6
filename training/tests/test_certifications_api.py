"""``/api/v1/certifications/`` and ``/api/v1/certification-kinds/``: admins keep them, the last
valid day is the service's; a vendor reads only those of the kinds it issues (names and
professions); bad input is a 400 naming the field."""

import datetime

import pytest
from django.utils import timezone

from accounts.tests.factories import StaffMemberFactory
from training.models import Certification
from training.tests.factories import CertificationFactory, CertificationKindFactory

pytestmark = pytest.mark.django_db


def test_an_admin_records_one_and_its_last_day_follows_from_the_kind(admin_api) -> None:
    kind = CertificationKindFactory(validity_months=12)
    person = StaffMemberFactory(name="Ada Admin")
    response = admin_api.post(
        "/api/v1/certifications/", {"person": person.pk, "kind": kind.pk, "earned_on": "2026-03-31"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["expires_on"] == "2027-03-30"
    assert response.json()["person_name"] == "Ada Admin"
    changed = admin_api.patch(
        f"/api/v1/certifications/{response.json()['id']}/", {"earned_on": "2026-05-01"}, format="json"
    )
    assert changed.status_code == 200
    assert Certification.objects.get().expires_on == datetime.date(2027, 4, 30)


def test_bad_input_names_the_field(admin_api) -> None:
    kind = CertificationKindFactory(active=False)
    response = admin_api.post(
        "/api/v1/certifications/",
        {"person": StaffMemberFactory().pk, "kind": kind.pk, "earned_on": "2026-03-31"},
        format="json",
    )
    assert response.status_code == 400
    assert "kind" in response.json()
    missing = admin_api.post("/api/v1/certifications/", {"kind": kind.pk}, format="json")
    assert set(missing.json()) >= {"person", "earned_on"}
    assert not Certification.objects.exists()


def test_a_vendor_reads_only_its_own_kinds_and_writes_nothing(
    vendor, vendor_api, django_assert_max_num_queries
) -> None:
    today = timezone.localdate()
    own = CertificationKindFactory(vendor=vendor, name="Certified Meridian administrator")
    CertificationFactory.create_batch(3, kind=own, expires_on=today + datetime.timedelta(days=20))
    CertificationFactory(kind=CertificationKindFactory(vendor=None, name="Internal trainer"))
    CertificationFactory(kind=CertificationKindFactory())
    with django_assert_max_num_queries(8):
        response = vendor_api.get("/api/v1/certifications/")
    rows = response.json()["results"]
    assert len(rows) == 3
    assert {row["state"] for row in rows} == {"expiring"}
    assert "person" not in rows[0]
    assert "staff_number" not in rows[0]
    kinds = vendor_api.get("/api/v1/certification-kinds/").json()["results"]
    assert [kind["name"] for kind in kinds] == ["Certified Meridian administrator"]
    refused = vendor_api.post(
        "/api/v1/certifications/",
        {"person": StaffMemberFactory().pk, "kind": own.pk, "earned_on": "2026-03-31"},
        format="json",
    )
    assert refused.status_code in (400, 403)
    assert Certification.objects.count() == 5
