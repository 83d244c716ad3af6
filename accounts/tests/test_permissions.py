"""The role matrix as data (``accounts.permissions``) and the one question asked of it
(``core.permissions.can``): the README's table is the matrix, every action a view or route names
exists in it, and ``can`` confines vendor users to their own vendor's rows."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.template import Context, Template

from accounts.permissions import ROLE_MATRIX
from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from core.permissions import can, denial, matrix, owner_vendor_id, require
from core.roles import Role
from core.testing.routes import iter_routes
from tickets.models import TicketAttachment, TicketMessage
from tickets.tests.factories import open_ticket
from vendors.tests.factories import VendorFactory

README = Path(__file__).resolve().parents[2] / "README.md"
ROW = re.compile(
    r"^\| `(?P<action>[a-z_.]+)` \| (?P<label>[^|]+) \| (?P<admin>[^|]+) \| (?P<staff>[^|]+) \| (?P<vendor>[^|]+) \|$"
)
CELLS = {Role.HOSPITAL_ADMIN: ("yes", "—"), Role.HOSPITAL_STAFF: ("yes", "—"), Role.VENDOR_USER: ("own vendor", "—")}


def readme_matrix() -> dict[str, tuple[str, tuple[str, str, str]]]:
    section = README.read_text().split("## Roles: who may do what", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        match = ROW.match(line)
        if match:
            cells = (match["admin"].strip(), match["staff"].strip(), match["vendor"].strip())
            rows[match["action"]] = (match["label"].strip(), cells)
    return rows


def test_the_readme_table_is_the_matrix() -> None:
    expected = {
        action: (
            grant.label,
            tuple(CELLS[role][0] if role in grant.roles else CELLS[role][1] for role in CELLS),
        )
        for action, grant in ROLE_MATRIX.items()
    }
    assert readme_matrix() == expected


def test_the_registered_matrix_is_accounts_table() -> None:
    assert dict(matrix()) == ROLE_MATRIX


def test_every_action_a_page_or_route_names_is_in_the_matrix() -> None:
    named = set()
    for route in iter_routes():
        view = route.view_class
        if view is None:
            continue
        for attribute in ("permission_action", "manage_action", "write_action"):
            named.add(getattr(view, attribute, ""))
        named.update(getattr(view, "permission_actions", {}).values())
    named.discard("")
    assert named, "no view names an action"
    assert named <= set(ROLE_MATRIX), sorted(named - set(ROLE_MATRIX))


def test_an_unknown_action_fails_loudly_rather_than_deny_or_allow() -> None:
    with pytest.raises(LookupError, match=r"ticket\.delete"):
        can(None, "ticket.delete")


@pytest.mark.django_db
def test_roles_get_what_the_matrix_grants_and_nothing_else() -> None:
    admin, staff, vendor_user = HospitalAdminFactory(), UserFactory(), VendorUserFactory()
    assert can(admin, "ticket.change_severity")
    assert not can(staff, "ticket.change_severity")
    assert can(staff, "ticket.open")
    assert not can(vendor_user, "ticket.open")
    assert can(vendor_user, "credit.respond")
    assert not can(admin, "credit.respond")
    assert not can(AnonymousUser(), "ticket.reply")
    assert not can(None, "ticket.reply")
    admin.is_active = False
    assert not can(admin, "ticket.change_severity")


@pytest.mark.django_db
def test_a_vendor_user_acts_only_on_rows_of_their_own_vendor() -> None:
    own, other = VendorFactory(), VendorFactory()
    vendor_user = VendorUserFactory(vendor=own)
    mine, theirs = open_ticket(own), open_ticket(other)
    message = TicketMessage.objects.create(ticket=theirs, body="x", at=theirs.opened_at)

    assert can(vendor_user, "ticket.resolve", mine)
    assert not can(vendor_user, "ticket.resolve", theirs)
    assert not can(vendor_user, "ticket.reply", message)  # owned through its ticket
    assert can(HospitalAdminFactory(), "ticket.resolve", theirs)  # hospital users: any vendor
    assert owner_vendor_id(own) == own.pk  # a vendor is its own owner ("pk")
    assert owner_vendor_id(TicketAttachment(message=message)) == other.pk  # message__ticket__vendor


@pytest.mark.django_db
def test_require_says_what_the_role_may_not_do() -> None:
    assert denial("ticket.change_severity") == "Your role cannot change a ticket's severity."
    with pytest.raises(PermissionDenied, match=r"Your role cannot change a ticket's severity\."):
        require(UserFactory(), "ticket.change_severity")
    require(HospitalAdminFactory(), "ticket.change_severity")


@pytest.mark.django_db
def test_templates_ask_with_the_can_filter() -> None:
    template = Template('{% load permissions %}{% if user|can:"ticket.resolve" %}resolve{% else %}no{% endif %}')
    assert template.render(Context({"user": HospitalAdminFactory()})) == "resolve"
    assert template.render(Context({"user": UserFactory()})) == "no"
