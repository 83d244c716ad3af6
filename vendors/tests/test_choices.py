"""The vendor-dependent picker: lists that follow the chosen vendor in every form that has them,
one options view answering all of a form's lists at once, and filters whose options name their
vendor."""

import datetime
import re

import pytest
from django import forms
from django.apps import apps as django_apps
from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import VendorUserFactory
from core.testing.routes import load_every_view
from kpis.filters.probes import ProbeFilterSet
from kpis.forms.probes import ProbeForm
from kpis.forms.samples import SampleForm
from reports.forms import RecipientAddForm
from slas.forms.incidents import IncidentForm
from slas.forms.maintenance import MaintenanceWindowForm
from slas.tests.factories import incident_for
from tickets.forms import TicketForm
from vendors.forms import VENDOR_DEPENDENT_FORMS, VendorDependentChoicesMixin
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory, ContactFactory

pytestmark = pytest.mark.django_db

TICKET_CHOICES = f"/vendors/choices/{TicketForm.picker_name()}/"


@pytest.fixture
def two_vendors(vendor: Vendor, other_vendor: Vendor) -> dict[str, object]:
    """Both vendors have a "Service Desk" contact and an archive; each has an incident."""
    component = ComponentFactory(vendor=vendor, name="Archive", site="Main")
    other_component = ComponentFactory(vendor=other_vendor, name="Archive", site="North")
    return {
        "component": component,
        "contact": ContactFactory(vendor=vendor, name="Service Desk"),
        "incident": incident_for(vendor, title="Archive down", components=[component]),
        "other_component": other_component,
        "other_contact": ContactFactory(vendor=other_vendor, name="Service Desk"),
        "other_incident": incident_for(other_vendor, title="Viewer slow", components=[other_component]),
    }


def _options(html: str, select_id: str) -> list[str]:
    """The option labels of one ``<select>`` of the page."""
    select = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {select_id}"
    return re.findall(r"<option[^>]*>(.*?)</option>", select.group(1))


def _project_form_classes() -> list[type[forms.BaseForm]]:
    assert load_every_view()  # every view, hence every form module, is imported
    root = str(settings.BASE_DIR)
    ours = [config for config in django_apps.get_app_configs() if config.path.startswith(root)]
    apps = {config.name for config in ours if "/.venv/" not in config.path} - {"devtools"}
    assert {"vendors", "tickets", "reports"} <= apps
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in apps and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def test_every_form_with_a_vendor_and_vendor_owned_choices_follows_the_vendor() -> None:
    """A form with a vendor field whose other lists hold vendor-owned rows (components, contacts,
    incidents, users of a vendor) offers them through the picker, not every vendor's at once."""
    checked = []
    for cls in _project_form_classes():
        if "vendor" not in getattr(cls, "base_fields", {}):
            continue
        for name, field in cls.base_fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if name == "vendor" or model is None or "vendor" not in {f.name for f in model._meta.get_fields()}:
                continue
            assert issubclass(cls, VendorDependentChoicesMixin), f"{cls.__qualname__}.{name} lists every vendor's"
            assert name in cls.vendor_choices, f"{cls.__qualname__}.{name} does not follow the vendor"
            checked.append(cls)
    assert {TicketForm, IncidentForm, SampleForm, ProbeForm, RecipientAddForm, MaintenanceWindowForm} <= set(checked)
    assert {VENDOR_DEPENDENT_FORMS[cls.picker_name()] for cls in checked} == set(checked)


def test_the_ticket_form_lists_only_the_chosen_vendors_rows(staff_user, vendor: Vendor, two_vendors) -> None:
    html = str(TicketForm(user=staff_user, initial={"vendor": vendor.pk}))

    assert _options(html, "id_component") == ["—", "Archive (Main)"]
    assert _options(html, "id_assignee_contact") == ["—", "Service Desk (support desk)"]
    assert _options(html, "id_incident") == ["—", f"INC-{two_vendors['incident'].pk}: Archive down"]
    assert f'hx-get="{TICKET_CHOICES}"' in html


def test_before_a_vendor_is_chosen_the_lists_say_so(staff_user, two_vendors) -> None:
    html = str(TicketForm(user=staff_user))

    for select_id in ("id_component", "id_assignee_contact", "id_incident"):
        assert _options(html, select_id) == ["— choose the vendor first —"]


def test_a_posted_form_lists_the_posted_vendors_rows(staff_user, other_vendor: Vendor, two_vendors) -> None:
    form = TicketForm({"vendor": other_vendor.pk, "component": two_vendors["component"].pk}, user=staff_user)

    assert not form.is_valid()  # the other vendor's component, and no title nor severity
    assert form.errors["component"] == ["This belongs to another vendor."]
    assert _options(str(form), "id_component") == ["—", "Archive (North)"]


def test_old_incidents_are_not_offered(staff_user, vendor: Vendor, two_vendors) -> None:
    long_ago = timezone.now() - datetime.timedelta(days=60)
    ended = long_ago + datetime.timedelta(hours=1)
    incident_for(
        vendor, title="Last winter", started_at=long_ago, ended_at=ended, components=[two_vendors["component"]]
    )

    assert "Last winter" not in str(TicketForm(user=staff_user, initial={"vendor": vendor.pk})["incident"])


def test_one_request_answers_every_list_of_the_form(
    staff_client: Client, other_vendor: Vendor, two_vendors, django_assert_max_num_queries
) -> None:
    ComponentFactory.create_batch(5, vendor=other_vendor)
    # The session (read, saved), the user, whether they have a second factor (accounts.middleware),
    # then one per list.
    with django_assert_max_num_queries(9):
        html = staff_client.get(TICKET_CHOICES, {"vendor": other_vendor.pk}).content.decode()

    selects = re.findall(r'<select id="(id_\w+)" hx-swap-oob="innerHTML">', html)
    assert selects == ["id_component", "id_assignee_contact", "id_incident"]
    assert _options(html, "id_component")[:2] == ["—", "Archive (North)"]
    assert len(_options(html, "id_component")) == 7
    assert _options(html, "id_assignee_contact") == ["—", "Service Desk (support desk)"]
    assert _options(html, "id_incident") == ["—", f"INC-{two_vendors['other_incident'].pk}: Viewer slow"]
    assert f'value="{two_vendors["other_component"].pk}"' in html
    assert f'value="{two_vendors["component"].pk}"' not in html


def test_the_options_view_reads_the_vendor_under_the_forms_own_names(
    admin_client: Client, vendor: Vendor, two_vendors
) -> None:
    html = admin_client.get(f"/vendors/choices/{ProbeForm.picker_name()}/", {"vendor": vendor.pk}).content.decode()
    assert _options(html, "id_component") == ["— choose a component —", "Archive (Main)"]

    sample = admin_client.get(f"/vendors/choices/{SampleForm.picker_name()}/", {"vendor": "x"}).content.decode()
    assert _options(sample, "id_component") == ["— the vendor as a whole —"]

    several = admin_client.get(f"/vendors/choices/{IncidentForm.picker_name()}/", {"vendor": vendor.pk})
    assert _options(several.content.decode(), "id_components") == ["Archive (Main)"]  # no empty choice


def test_only_registered_forms_and_hospital_users(client: Client, vendor_client: Client, staff_client: Client) -> None:
    assert staff_client.get("/vendors/choices/os.system/").status_code == 404
    assert vendor_client.get(TICKET_CHOICES).status_code == 404
    assert client.get(TICKET_CHOICES).status_code == 302


def test_a_form_without_a_vendor_field_follows_its_vendor_users_vendor(vendor: Vendor, two_vendors) -> None:
    from slas.forms.maintenance import PortalMaintenanceWindowForm

    html = str(PortalMaintenanceWindowForm(user=VendorUserFactory(vendor=vendor)))

    assert _options(html, "id_components") == ["Archive (Main)"]


def test_filter_options_of_many_vendors_name_their_vendor(staff_user, vendor: Vendor, two_vendors) -> None:
    request = type("Request", (), {"user": staff_user})()
    filterset = ProbeFilterSet({}, request=request)

    labels = [label for _, label in filterset.form.fields["component"].choices][1:]
    assert labels == [
        f"{vendor.name} · Archive (Main)",
        f"{two_vendors['other_component'].vendor.name} · Archive (North)",
    ]


def test_a_vendor_users_filter_offers_only_its_own_components(vendor: Vendor, two_vendors) -> None:
    request = type("Request", (), {"user": VendorUserFactory(vendor=vendor)})()

    choices = list(ProbeFilterSet({}, request=request).form.fields["component"].choices)[1:]
    assert [value.value for value, _ in choices] == [two_vendors["component"].pk]
