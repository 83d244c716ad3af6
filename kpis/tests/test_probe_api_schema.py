"""A probe as a vendor user reads it matches the OpenAPI schema (found by the schemathesis run,
pacsvendor/tests/test_api_fuzz.py): the credential fields a vendor user never gets are documented
but not required."""

import pytest
from rest_framework.test import APIClient

from core.testing.openapi import assert_matches_schema
from kpis.tests.factories import make_probe

pytestmark = pytest.mark.django_db


def test_a_probe_matches_the_schema_for_vendor_users_and_hospital_admins(
    vendor_api: APIClient, admin_api: APIClient, vendor, vendor_user, admin_user
) -> None:
    probe = make_probe(vendor=vendor, user=admin_user, marker="Main")

    as_vendor = vendor_api.get(f"/api/v1/probes/{probe.pk}/")
    assert "has_rest_password" not in as_vendor.json()
    assert_matches_schema(as_vendor, "/api/v1/probes/{id}/")
    assert_matches_schema(vendor_api.get("/api/v1/probes/"), "/api/v1/probes/")

    as_admin = admin_api.get(f"/api/v1/probes/{probe.pk}/")
    assert as_admin.json()["has_rest_password"] is True
    assert_matches_schema(as_admin, "/api/v1/probes/{id}/")
