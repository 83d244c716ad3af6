"""Who receives a vendor's report: the list, adding people by hand (with the rules: a contact or
vendor user of that vendor only, an address, nobody twice), the usual set at once, removing,
opting back in after a confirmation, and the public opt-out link in each email."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from core.testing.queries import queries_per_path
from reports.models import ReportDelivery, ReportRecipient
from reports.services.delivery import opt_out_token
from reports.services.recipients import recipient_add, recipients_add_usual
from reports.tests.factories import MARCH, delivery_for, report_for
from vendors.models import Contact, Vendor
from vendors.tests.factories import ContactFactory, VendorFactory

pytestmark = pytest.mark.django_db


def _text(response: object) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def _rows(response: object) -> list[str]:
    body = response.content.decode().split("<tbody", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", row)).split()) for row in rows]


@pytest.fixture
def contact(vendor: Vendor) -> Contact:
    return ContactFactory(vendor=vendor, name="Sam Account", email="sam@meridian.example")


# --- the list ------------------------------------------------------------------------------


def test_the_list_shows_each_recipient_with_kind_and_whether_they_receive_it(
    admin_client: Client, admin_user: object, vendor: Vendor, other_vendor: Vendor, contact: Contact
) -> None:
    ReportRecipient.objects.create(vendor=vendor, user=admin_user, added_by=admin_user)
    opted_out = ReportRecipient.objects.create(
        vendor=vendor, contact=contact, opted_out_at=timezone.make_aware(timezone.datetime(2026, 10, 3, 9))
    )
    ReportRecipient.objects.create(vendor=other_vendor, contact=ContactFactory(vendor=other_vendor, name="Olga"))

    response = admin_client.get("/reports/recipients/", {"vendor": vendor.pk})
    rows = _rows(response)
    assert response.status_code == 200
    assert "Report recipients: Meridian Imaging Systems" in _text(response)
    assert len(rows) == 2
    assert rows[0].startswith("Meridian Imaging Systems Petra Admin admin@hospital.example Hospital admin Yes")
    assert "by Petra Admin" in rows[0]
    assert rows[1].startswith(
        "Meridian Imaging Systems Sam Account sam@meridian.example Vendor contact Opted out 2026-10-03"
    )
    page = response.content.decode()
    assert '<span class="badge text-bg-secondary">Opted out 2026-10-03</span>' in page
    assert f'href="/reports/recipients/{opted_out.pk}/opt-in/"' in page
    assert page.count('/remove/"') == 2
    assert "Add recipient" in page
    assert 'action="/reports/recipients/add-usual/"' in page
    assert f'href="/reports/recipients/add/?vendor={vendor.pk}"' in page


def test_staff_read_the_list_but_change_nothing(staff_client: Client, vendor: Vendor, contact: Contact) -> None:
    recipient = ReportRecipient.objects.create(vendor=vendor, contact=contact, opted_out_at=timezone.now())
    page = staff_client.get("/reports/recipients/")
    assert page.status_code == 200
    assert "Sam Account" in _text(page)
    html = page.content.decode()
    assert "Add recipient" not in html
    assert "/remove/" not in html
    assert "/opt-in/" not in html
    assert staff_client.get("/reports/recipients/add/").status_code == 403
    assert (
        staff_client.post("/reports/recipients/add/", {"vendor": vendor.pk, "contact": contact.pk}).status_code == 403
    )
    assert staff_client.post("/reports/recipients/add-usual/", {"usual-vendor": vendor.pk}).status_code == 403
    assert staff_client.post(f"/reports/recipients/{recipient.pk}/remove/").status_code == 403
    assert staff_client.post(f"/reports/recipients/{recipient.pk}/opt-in/", {"confirm": "yes"}).status_code == 403
    recipient.refresh_from_db()
    assert recipient.opted_out_at is not None


# --- adding --------------------------------------------------------------------------------


def test_admins_add_a_hospital_user_a_vendor_user_or_a_contact(
    admin_client: Client, admin_user: object, vendor: Vendor, contact: Contact
) -> None:
    staff = UserFactory(first_name="Anna", last_name="Staff")
    portal_user = VendorUserFactory(vendor=vendor, first_name="Tobias", last_name="Vendor")

    for person in ({"user": staff.pk}, {"user": portal_user.pk}, {"contact": contact.pk}):
        response = admin_client.post("/reports/recipients/add/", {"vendor": vendor.pk, **person})
        assert response.status_code == 302
        assert response["Location"] == f"/reports/recipients/?vendor={vendor.pk}"

    rows = ReportRecipient.objects.filter(vendor=vendor)
    assert {(r.user_id, r.contact_id) for r in rows} == {(staff.pk, None), (portal_user.pk, None), (None, contact.pk)}
    assert {r.added_by for r in rows} == {admin_user}
    done = admin_client.get(f"/reports/recipients/?vendor={vendor.pk}")
    assert "Sam Account now receives Meridian Imaging Systems's monthly report." in _text(done)


def test_the_form_offers_the_chosen_vendors_people_only(
    admin_client: Client, vendor: Vendor, other_vendor: Vendor, contact: Contact
) -> None:
    ContactFactory(vendor=other_vendor, name="Olga Other")
    VendorUserFactory(vendor=other_vendor, first_name="Otto", last_name="Other")
    VendorUserFactory(vendor=vendor, first_name="Tobias", last_name="Vendor")
    UserFactory(first_name="Anna", last_name="Staff")

    empty = admin_client.get("/reports/recipients/add/")
    assert "— choose the vendor first —" in empty.content.decode()

    # Choosing a vendor reloads both lists (htmx, one request to the vendor picker).
    choices = "/vendors/choices/reports.forms.RecipientAddForm/"
    assert f'hx-get="{choices}"' in admin_client.get("/reports/recipients/add/").content.decode()
    people = admin_client.get(choices, {"vendor": vendor.pk}).content.decode()
    assert '<select id="id_user" hx-swap-oob="innerHTML">' in people
    assert '<select id="id_contact" hx-swap-oob="innerHTML">' in people
    assert "Sam Account (support desk) · sam@meridian.example" in people
    assert "Tobias Vendor (user of Meridian Imaging Systems)" in people
    assert "Anna Staff (hospital staff)" in people
    assert "Olga Other" not in people
    assert "Otto Other" not in people


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("foreign contact", "Olga Other is a contact of Other Vendor GmbH, not of Meridian Imaging Systems."),
        (
            "foreign vendor user",
            "Otto Other is a user of Other Vendor GmbH; they can only receive that vendor's report.",
        ),
        ("contact without email", "Nomail Contact has no email address: add one to the contact first."),
        ("nobody", "Choose either a user or a vendor contact."),
        ("both", "Choose either a user or a vendor contact."),
        ("twice", "Sam Account already receives Meridian Imaging Systems's report."),
        ("opted out", "Sam Account opted out of Meridian Imaging Systems's report on 2026-10-03."),
    ],
)
def test_broken_rules_are_form_errors_and_nothing_is_added(
    admin_client: Client, vendor: Vendor, other_vendor: Vendor, contact: Contact, case: str, message: str
) -> None:
    foreign_contact = ContactFactory(vendor=other_vendor, name="Olga Other")
    foreign_user = VendorUserFactory(vendor=other_vendor, first_name="Otto", last_name="Other")
    no_email = ContactFactory(vendor=vendor, name="Nomail Contact", email="")
    if case in ("twice", "opted out"):
        opted = timezone.make_aware(timezone.datetime(2026, 10, 3, 9)) if case == "opted out" else None
        ReportRecipient.objects.create(vendor=vendor, contact=contact, opted_out_at=opted)
    data = {
        "foreign contact": {"contact": foreign_contact.pk},
        "foreign vendor user": {"user": foreign_user.pk},
        "contact without email": {"contact": no_email.pk},
        "nobody": {},
        "both": {"contact": contact.pk, "user": foreign_user.pk},
        "twice": {"contact": contact.pk},
        "opted out": {"contact": contact.pk},
    }[case]
    before = list(ReportRecipient.objects.values_list("pk", "opted_out_at"))

    response = admin_client.post("/reports/recipients/add/", {"vendor": vendor.pk, **data})

    assert response.status_code == 400
    assert message in _text(response)
    assert list(ReportRecipient.objects.values_list("pk", "opted_out_at")) == before


def test_the_service_keeps_the_rules_whoever_calls_it(vendor: Vendor, other_vendor: Vendor, contact: Contact) -> None:
    deactivated = UserFactory(is_active=False)
    with pytest.raises(ValidationError, match="deactivated"):
        recipient_add(vendor=vendor, user=deactivated)
    with pytest.raises(ValidationError, match="not of Other Vendor GmbH"):
        recipient_add(vendor=other_vendor, contact=contact)
    recipient = recipient_add(vendor=vendor, contact=contact)
    assert recipient.vendor == vendor
    # The same person on another vendor's list is fine for hospital users.
    admin = HospitalAdminFactory()
    assert recipient_add(vendor=vendor, user=admin).vendor == vendor
    assert recipient_add(vendor=other_vendor, user=admin).vendor == other_vendor


def test_the_usual_recipients_are_added_once_and_opt_outs_stay(
    admin_client: Client, admin_user: object, vendor: Vendor
) -> None:
    other_admin = HospitalAdminFactory(first_name="Max", last_name="Admin")
    HospitalAdminFactory(first_name="No", last_name="Mail", email="")
    HospitalAdminFactory(first_name="Gone", last_name="Admin", is_active=False)
    UserFactory()  # staff are not added
    manager = ContactFactory(vendor=vendor, name="Sam Account", role=Contact.Role.ACCOUNT_MANAGER)
    ContactFactory(vendor=vendor, name="Desk", role=Contact.Role.SUPPORT_DESK)
    ContactFactory(vendor=VendorFactory(), name="Foreign manager", role=Contact.Role.ACCOUNT_MANAGER)
    ReportRecipient.objects.create(vendor=vendor, user=other_admin, opted_out_at=timezone.now())

    response = admin_client.post("/reports/recipients/add-usual/", {"usual-vendor": vendor.pk}, follow=True)

    assert "Added to Meridian Imaging Systems's recipients: Petra Admin, Sam Account." in _text(response)
    listed = ReportRecipient.objects.filter(vendor=vendor)
    assert {(r.user_id, r.contact_id) for r in listed} == {
        (admin_user.pk, None),
        (other_admin.pk, None),
        (None, manager.pk),
    }
    assert listed.get(user=other_admin).opted_out_at is not None  # their choice stands
    again = admin_client.post("/reports/recipients/add-usual/", {"usual-vendor": vendor.pk}, follow=True)
    assert "is on the list already" in _text(again)
    assert ReportRecipient.objects.filter(vendor=vendor).count() == 3
    assert recipients_add_usual(vendor=vendor) == []


# --- removing and opting back in -----------------------------------------------------------


def test_removing_keeps_the_deliveries_already_made(admin_client: Client, vendor: Vendor, contact: Contact) -> None:
    recipient = ReportRecipient.objects.create(vendor=vendor, contact=contact)
    delivery = delivery_for(report_for(vendor, MARCH), recipient)

    response = admin_client.post(f"/reports/recipients/{recipient.pk}/remove/", follow=True)

    assert "Sam Account no longer receives Meridian Imaging Systems's monthly report." in _text(response)
    assert not ReportRecipient.objects.exists()
    delivery = ReportDelivery.objects.get(pk=delivery.pk)
    assert (delivery.recipient, delivery.email) == (None, "sam@meridian.example")
    assert admin_client.get(f"/reports/recipients/{recipient.pk}/remove/").status_code == 405


def test_opting_back_in_needs_a_confirmation(admin_client: Client, vendor: Vendor, contact: Contact) -> None:
    recipient = ReportRecipient.objects.create(vendor=vendor, contact=contact, opted_out_at=timezone.now())

    page = admin_client.get(f"/reports/recipients/{recipient.pk}/opt-in/")
    assert "Only opt them back in if they asked for it." in _text(page)
    assert 'name="confirm" value="yes"' in page.content.decode()

    unconfirmed = admin_client.post(f"/reports/recipients/{recipient.pk}/opt-in/", follow=True)
    assert "Confirm that Sam Account asked to receive the report again." in _text(unconfirmed)
    recipient.refresh_from_db()
    assert recipient.opted_out_at is not None

    confirmed = admin_client.post(f"/reports/recipients/{recipient.pk}/opt-in/", {"confirm": "yes"}, follow=True)
    assert "Sam Account receives Meridian Imaging Systems's monthly report again." in _text(confirmed)
    recipient.refresh_from_db()
    assert recipient.opted_out_at is None


# --- the opt-out link ----------------------------------------------------------------------


def test_the_opt_out_link_asks_then_stops_the_emails_without_signing_in(vendor: Vendor, contact: Contact) -> None:
    recipient = ReportRecipient.objects.create(vendor=vendor, contact=contact)
    url = f"/reports/opt-out/{opt_out_token(recipient)}/"
    client = Client(enforce_csrf_checks=True)

    page = client.get(url)
    assert page.status_code == 200
    assert "Stop receiving Meridian Imaging Systems's monthly report at sam@meridian.example?" in _text(page)
    recipient.refresh_from_db()
    assert recipient.opted_out_at is None  # a mail scanner following the link changes nothing

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    done = client.post(url, {"csrfmiddlewaretoken": token})
    assert done.status_code == 200
    assert (
        "sam@meridian.example no longer receives the monthly performance report of Meridian Imaging Systems"
        in _text(done)
    )
    recipient.refresh_from_db()
    assert recipient.opted_out_at is not None
    first = recipient.opted_out_at

    again = client.get(url)
    assert "Already stopped" in _text(again)
    client.post(url, {"csrfmiddlewaretoken": token})
    recipient.refresh_from_db()
    assert recipient.opted_out_at == first  # the date they chose stays


def test_a_vendor_user_signed_in_can_use_their_link(vendor: Vendor, vendor_user: object, vendor_client: Client) -> None:
    recipient = ReportRecipient.objects.create(vendor=vendor, user=vendor_user)
    url = f"/reports/opt-out/{opt_out_token(recipient)}/"
    assert vendor_client.get(url).status_code == 200
    assert vendor_client.post(url).status_code == 200
    recipient.refresh_from_db()
    assert recipient.opted_out_at is not None


@pytest.mark.parametrize("token", ["made-up", "eyJyZWNpcGllbnQiOjF9:forged:signature"])
def test_a_bad_or_forged_token_is_not_found(client: Client, vendor: Vendor, contact: Contact, token: str) -> None:
    ReportRecipient.objects.create(vendor=vendor, contact=contact)
    assert client.get(f"/reports/opt-out/{token}/").status_code == 404
    assert client.post(f"/reports/opt-out/{token}/").status_code == 404
    assert not ReportRecipient.objects.filter(opted_out_at__isnull=False).exists()


def test_a_token_of_a_removed_recipient_is_not_found(client: Client, vendor: Vendor, contact: Contact) -> None:
    recipient = ReportRecipient.objects.create(vendor=vendor, contact=contact)
    url = f"/reports/opt-out/{opt_out_token(recipient)}/"
    recipient.delete()
    assert client.get(url).status_code == 404


def test_the_list_runs_the_same_queries_for_more_rows(admin_client: Client, admin_user: object) -> None:
    def fill(count: int) -> None:
        for _ in range(count):
            vendor = VendorFactory()
            ReportRecipient.objects.create(vendor=vendor, contact=ContactFactory(vendor=vendor), added_by=admin_user)
            ReportRecipient.objects.create(vendor=vendor, user=UserFactory(), opted_out_at=timezone.now())

    paths = ["/reports/recipients/?q=", "/reports/recipients/?q=&export=csv"]
    fill(2)
    few = queries_per_path(admin_client, paths)
    fill(6)
    assert queries_per_path(admin_client, paths) == few
