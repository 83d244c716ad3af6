"""What people may enter about vendors: every text has a maximum, every number and date a range,
held by the model, shown in the form, refused by the API with a 400, and checked by the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from rest_framework.test import APIClient

from core import limits
from vendors.models import Contract, ContractDocument, Vendor
from vendors.tests.factories import ContractFactory

pytestmark = pytest.mark.django_db


def test_a_huge_renewal_notice_is_refused_by_the_api_and_nothing_is_saved(admin_api: APIClient) -> None:
    contract = ContractFactory(renewal_notice_days=90)
    response = admin_api.patch(f"/api/v1/contracts/{contract.pk}/", {"renewal_notice_days": 1_000_000}, format="json")
    assert response.status_code == 400
    assert response.json() == {"renewal_notice_days": ["Ensure this value is less than or equal to 730."]}
    contract.refresh_from_db()
    assert contract.renewal_notice_days == 90
    # ... and every page that shows it still answers.
    assert admin_api.get("/api/v1/contracts/").json()["results"][0]["renewal_notice_days"] == 90


def test_the_contract_form_shows_the_ranges_and_refuses_values_outside(admin_client: Client, vendor: Vendor) -> None:
    page = admin_client.get("/contracts/add/").content.decode()
    assert 'name="renewal_notice_days" value="90" min="0" max="730"' in page
    assert 'name="start_date" min="1990-01-01" max="2100-12-31"' in page
    assert 'maxlength="10000"' in page  # the notes

    response = admin_client.post(
        "/contracts/add/",
        {
            "vendor": vendor.pk,
            "reference": "C-9",
            "start_date": "0001-01-01",
            "end_date": "2026-12-31",
            "annual_fee": "10000000000",
            "currency": "EUR",
            "renewal_notice_days": "1000000",
            "notes": "x" * (limits.DESCRIPTION_LENGTH + 1),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["renewal_notice_days"] == ["Ensure this value is at most 730."]
    assert errors["start_date"] == ["Ensure this value is at least 1990-01-01."]
    assert errors["annual_fee"] == ["Ensure this value is at most 1,000,000,000."]
    assert errors["notes"] == ["Ensure this value has at most 10000 characters (it has 10001)."]
    assert not Contract.objects.exists()


def test_the_api_refuses_text_past_its_maximum_with_the_limit(admin_api: APIClient, vendor: Vendor) -> None:
    response = admin_api.patch(
        f"/api/v1/vendors/{vendor.pk}/", {"notes": "x" * (limits.DESCRIPTION_LENGTH + 1)}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"notes": ["Ensure this field has no more than 10000 characters."]}
    at_the_limit = {"notes": "x" * limits.DESCRIPTION_LENGTH}
    response = admin_api.patch(f"/api/v1/vendors/{vendor.pk}/", at_the_limit, format="json")
    assert response.status_code == 200
    vendor.refresh_from_db()
    assert len(vendor.notes) == limits.DESCRIPTION_LENGTH


def test_the_database_refuses_numbers_and_dates_outside_their_range(vendor: Vendor) -> None:
    contract = ContractFactory(vendor=vendor)
    rows = Contract.objects.filter(pk=contract.pk)
    for change in (
        {"renewal_notice_days": 731},
        {"annual_fee": Decimal("1000000000.01")},
        {"annual_fee": Decimal("-1")},
        {"start_date": datetime.date(1, 1, 1)},
        {"end_date": datetime.date(2101, 1, 1)},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**change)


def test_the_model_names_the_broken_range() -> None:
    contract = ContractFactory.build(renewal_notice_days=731)
    with pytest.raises(ValidationError) as raised:
        contract.validate_constraints()
    assert raised.value.messages == ["Renewal notice days must be from 0 to 730."]


def test_a_document_with_a_very_long_name_is_stored_under_a_name_that_fits(admin_client: Client) -> None:
    contract = ContractFactory()
    name = "Ä" * 300 + ".pdf"  # 600 bytes in UTF-8: more than any file system holds in one name
    upload = SimpleUploadedFile(name, b"%PDF-1.4\n", content_type="application/pdf")
    response = admin_client.post(f"/contracts/{contract.pk}/documents/add/", {"title": "Signed", "file": upload})
    assert response.status_code == 302
    document = ContractDocument.objects.get()
    assert document.filename == "Ä" * 96 + ".pdf"
    assert document.file.read() == b"%PDF-1.4\n"


@pytest.mark.django_db(transaction=True)
@pytest.mark.timeout(900)  # back to vendors 0002 unapplies every later app's migrations that need vendors
def test_the_migration_moves_rows_saved_before_the_limits_into_range() -> None:
    before = ("vendors", "0002_contact_escalation_order")
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([before])
        old = executor.loader.project_state([before]).apps
        vendor = old.get_model("vendors", "Vendor").objects.create(name="Old data")
        old.get_model("vendors", "Contract").objects.create(
            vendor=vendor,
            reference="C-OLD",
            start_date=datetime.date(1, 1, 1),
            end_date=datetime.date(3000, 1, 1),
            annual_fee=Decimal("5000000000"),
            renewal_notice_days=1_000_000,
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())

    contract = Contract.objects.get(reference="C-OLD")
    assert (contract.start_date, contract.end_date) == (limits.EARLIEST_DATE, limits.LATEST_DATE)
    assert (contract.annual_fee, contract.renewal_notice_days) == (1_000_000_000, 730)
