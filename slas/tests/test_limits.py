"""Input that cannot hurt, in the SLA app: titles at their maximum still make notifications and
mail, a line break in a vendor's title cannot break the admins' email, every text has a maximum
and every number a range (400 in the API, an error in the form, a check in the database)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import HospitalAdminFactory
from core import limits
from notifications.models import Notification, OutboxEmail
from notifications.services.outbox import outbox_deliver
from slas.forms.agreements import TargetForm
from slas.models import Agreement, AgreementTarget, BusinessCalendar, Incident, MaintenanceWindow
from slas.services import credits, incidents
from slas.tests.factories import agreement_for, statement_for
from slas.tests.maintenance_support import berlin, next_sunday, sla_with_sunday_window
from slas.tests.test_api import _agreement_body
from vendors.models import Contract, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


def _deliver_all() -> set[str]:
    return {outbox_deliver(email_id=pk) for pk in OutboxEmail.objects.values_list("pk", flat=True)}


# --- derived titles and subjects ------------------------------------------------------------------------


@pytest.mark.parametrize("length", [180, 200])
def test_an_incident_title_at_its_maximum_makes_notifications_and_mail_that_fit(
    staff_api: APIClient, vendor: Vendor, length: int
) -> None:
    admin = HospitalAdminFactory(email="admin@hospital.example")
    archive = ComponentFactory(vendor=vendor, name="Archive")
    response = staff_api.post(
        "/api/v1/incidents/",
        {
            "vendor": vendor.pk,
            "components": [archive.pk],
            "title": "A" * length,
            "impact": "down",
            "started_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
            "detected_by": "monitoring",
            "cause_category": "storage",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    incident = Incident.objects.get()
    notification = Notification.objects.get(recipient=admin)
    assert len(notification.title) <= 200
    assert notification.title.startswith(f"Outage detected: INC-{incident.pk}: AAAA")
    assert _deliver_all() == {OutboxEmail.State.SENT}


def test_a_line_break_in_a_vendors_window_title_cannot_break_the_admins_email(vendor_api: APIClient, vendor) -> None:
    admin = HospitalAdminFactory(email="admin@hospital.example")
    sla_with_sunday_window(vendor)
    start = berlin(next_sunday(), 1)
    response = vendor_api.post(
        "/api/v1/maintenance-windows/",
        {
            "title": "Firmware\r\nBcc: someone@elsewhere.example",
            "planned_start": start.isoformat(),
            "planned_end": (start + dt.timedelta(hours=3)).isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    window = MaintenanceWindow.objects.get()
    email = OutboxEmail.objects.get(to=[admin.email])
    assert email.subject == f"Maintenance to approve: MW-{window.pk}: Firmware Bcc: someone@elsewhere.example"
    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT
    email.refresh_from_db()
    assert (email.state, email.attempts, email.last_error) == (OutboxEmail.State.SENT, 1, "")


# --- numbers: a range in the API, the form and the database ---------------------------------------------


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        pytest.param(
            {"maintenance_notice_hours": 1_000_000},
            {"maintenance_notice_hours": ["Ensure this value is less than or equal to 2160."]},
            id="notice",
        ),
        pytest.param(
            {"retrieval_degraded_seconds": 86_400},
            {"retrieval_degraded_seconds": ["Ensure this value is less than or equal to 3600."]},
            id="degraded",
        ),
        pytest.param(
            {"effective_from": "0001-01-01"},
            {"effective_from": ["Ensure this value is at least 1990-01-01."]},
            id="date",
        ),
    ],
)
def test_agreement_numbers_outside_their_range_answer_400_and_save_nothing(
    admin_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar, change, errors
) -> None:
    response = admin_api.post("/api/v1/agreements/", _agreement_body(contract, office, always, **change))
    assert response.status_code == 400
    assert response.json() == errors
    assert not Agreement.objects.exists()


def test_a_target_longer_than_a_year_of_business_time_is_refused(
    admin_api: APIClient, contract: Contract, office: BusinessCalendar, always: BusinessCalendar
) -> None:
    body = _agreement_body(contract, office, always)
    body["targets"][3]["resolution"] = "P400D"
    response = admin_api.post("/api/v1/agreements/", body)
    assert response.status_code == 400
    assert response.json() == {"targets": {"3": {"resolution": ["Ensure this value is at most 8760h."]}}}
    assert not Agreement.objects.exists()


def test_the_target_form_refuses_a_duration_too_large_to_hold() -> None:
    form = TargetForm(data={"severity": "P1", "response": "99999999999h"})
    assert form.errors["response"] == ["Write a duration in hours and minutes, like 15m, 4h, 1h30m or 30h."]


def test_the_database_refuses_agreement_numbers_outside_their_range(contract: Contract) -> None:
    agreement = agreement_for(contract)
    rows = Agreement.objects.filter(pk=agreement.pk)
    for change in (
        {"maintenance_notice_hours": 2161},
        {"claim_deadline_days": 366},
        {"credit_cap_percent": 101},
        {"effective_to": dt.date(2101, 1, 1)},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            rows.update(**change)
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementTarget.objects.filter(agreement=agreement).update(resolution=dt.timedelta(hours=8761))


# --- text: a maximum everywhere ---------------------------------------------------------------------------


def test_texts_past_their_maximum_answer_400_with_the_limit(
    admin_api: APIClient, vendor_api: APIClient, vendor: Vendor, contract: Contract
) -> None:
    incident = Incident.objects.create(vendor=vendor, title="Archive down", started_at=timezone.now())
    response = vendor_api.post(
        f"/api/v1/incidents/{incident.pk}/comments/", {"body": "x" * (limits.MESSAGE_LENGTH + 1)}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"body": ["Ensure this field has no more than 20000 characters."]}
    assert not incident.comments.exists()

    statement = statement_for(vendor, month=dt.date(2026, 3, 1), agreement=agreement_for(contract))
    path = f"/api/v1/credit-statements/{statement.pk}"
    response = admin_api.post(f"{path}/claim/", {"note": "x" * (limits.NOTE_LENGTH + 1)}, format="json")
    assert response.json() == {"note": ["Ensure this field has no more than 2000 characters."]}
    response = admin_api.post(f"{path}/apply/", {"invoice_reference": "I" * 81}, format="json")
    assert response.json() == {"invoice_reference": ["Ensure this field has no more than 80 characters."]}
    statement.refresh_from_db()
    assert statement.state == statement.State.OWED


def test_forms_carry_the_text_limits(admin_client: Client, vendor: Vendor) -> None:
    incident = Incident.objects.create(vendor=vendor, title="Archive down", started_at=timezone.now())
    page = admin_client.get(incident.get_absolute_url()).content.decode()
    assert f'maxlength="{limits.MESSAGE_LENGTH}"' in page  # the comment and the review's texts
    page = admin_client.get("/sla/maintenance/add/").content.decode()
    assert f'name="description" cols="40" rows="3" maxlength="{limits.DESCRIPTION_LENGTH}"' in page


def test_services_refuse_notes_past_their_maximum_whoever_calls_them(
    admin_user, vendor: Vendor, contract: Contract
) -> None:
    statement = statement_for(vendor, month=dt.date(2026, 3, 1), agreement=agreement_for(contract))
    with pytest.raises(ValidationError) as raised:
        credits.statement_claim(statement=statement, actor=admin_user, note="x" * (limits.NOTE_LENGTH + 1))
    assert raised.value.message_dict == {"note": ["Ensure this value has at most 2000 characters (it has 2001)."]}
    incident = Incident.objects.create(vendor=vendor, title="Archive down", started_at=timezone.now())
    with pytest.raises(ValidationError) as raised:
        incidents.comment_add(incident=incident, author=admin_user, body="x" * (limits.MESSAGE_LENGTH + 1))
    assert list(raised.value.message_dict) == ["body"]
    statement.refresh_from_db()
    assert (statement.state, incident.comments.count()) == (statement.State.OWED, 0)


def test_the_credit_step_inputs_carry_their_limits(admin_client: Client, vendor: Vendor, contract: Contract) -> None:
    statement = statement_for(vendor, month=dt.date(2026, 3, 1), agreement=agreement_for(contract))
    page = admin_client.get(statement.get_absolute_url()).content.decode()
    assert f'name="note" maxlength="{limits.NOTE_LENGTH}"' in page
