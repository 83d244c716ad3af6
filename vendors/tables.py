import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from core.tables import StatusColumn
from vendors.models import Component, Contact, Contract, Interface, Vendor

NUMERIC = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}
CRITICALITY_BADGES = {"critical": "danger", "high": "warning", "medium": "info", "low": "secondary"}
CONTRACT_STATUS_BADGES = {"active": "success", "upcoming": "info", "expired": "secondary"}


class VendorTable(tables.Table):
    name = tables.Column(linkify=True)
    kind = tables.Column()
    support_phone = tables.Column(verbose_name="Support phone")
    support_email = tables.EmailColumn(verbose_name="Support email")
    contact_count = tables.Column(verbose_name="Contacts", attrs=NUMERIC)
    component_count = tables.Column(verbose_name="Components", attrs=NUMERIC)
    active_contract_count = tables.Column(verbose_name="Running contracts", attrs=NUMERIC)
    active = StatusColumn(verbose_name="Status")

    class Meta:
        model = Vendor
        fields = ("name", "kind", "support_phone", "support_email")
        sequence = (
            "name",
            "kind",
            "support_phone",
            "support_email",
            "contact_count",
            "component_count",
            "active_contract_count",
            "active",
        )


class ContactTable(tables.Table):
    name = tables.Column(linkify=True)
    vendor = tables.Column(linkify=True)
    email = tables.EmailColumn()
    phone = tables.Column(attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = Contact
        fields = ("name", "vendor", "role", "escalation_level", "email", "phone", "hours")


NOWRAP = {"td": {"class": "text-nowrap"}}


class ContractTable(tables.Table):
    """Fits a laptop's 1366 pixels: the fee shows with its currency (a column of its own in the
    export), short headers, dates that do not wrap."""

    reference = tables.Column(linkify=True, attrs=NOWRAP)
    vendor = tables.Column(linkify=True)
    status = tables.Column(empty_values=(), orderable=False)
    start_date = tables.Column(verbose_name="Starts", attrs=NOWRAP)
    end_date = tables.Column(verbose_name="Ends", attrs=NOWRAP)
    annual_fee = tables.Column(verbose_name="Annual fee", attrs={**NUMERIC, "td": {"class": "text-end text-nowrap"}})
    currency = tables.Column(visible=False)
    renewal_notice_days = tables.Column(
        verbose_name="Notice", attrs={**NUMERIC, "td": {"class": "text-end text-nowrap"}}
    )
    document_count = tables.Column(verbose_name="Documents", attrs=NUMERIC)
    auto_renew = StatusColumn("Auto-renews", "Manual", verbose_name="Renewal")

    class Meta:
        model = Contract
        fields = (
            "reference",
            "vendor",
            "title",
            "start_date",
            "end_date",
            "annual_fee",
            "currency",
            "renewal_notice_days",
        )
        sequence = (
            "reference",
            "vendor",
            "title",
            "status",
            "start_date",
            "end_date",
            "annual_fee",
            "currency",
            "renewal_notice_days",
            "auto_renew",
            "document_count",
        )

    def render_status(self, record: Contract) -> str:
        status = record.status_on(timezone.localdate())
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', CONTRACT_STATUS_BADGES[status], status.capitalize()
        )

    def value_status(self, record: Contract) -> str:
        return record.status_on(timezone.localdate())

    def render_annual_fee(self, record: Contract) -> str:
        return f"{record.annual_fee:,.2f} {record.currency}"

    def value_annual_fee(self, record: Contract) -> str:
        return f"{record.annual_fee:,.2f}"

    def render_renewal_notice_days(self, record: Contract) -> str:
        return f"{record.renewal_notice_days} days"

    def value_renewal_notice_days(self, record: Contract) -> int:
        return record.renewal_notice_days


class ComponentTable(tables.Table):
    name = tables.Column(linkify=True)
    vendor = tables.Column(linkify=True)
    criticality = tables.Column()
    active = StatusColumn(verbose_name="Status")

    class Meta:
        model = Component
        fields = ("name", "vendor", "kind", "site", "criticality", "active")

    def render_criticality(self, record: Component) -> str:
        badge = CRITICALITY_BADGES[record.criticality]
        return format_html('<span class="badge text-bg-{}">{}</span>', badge, record.get_criticality_display())


class InterfaceTable(tables.Table):
    name = tables.Column(linkify=True)
    source = tables.Column(linkify=True, order_by=("source__vendor__name", "source__name"))
    target = tables.Column(linkify=True, order_by=("target__vendor__name", "target__name"))
    protocol = tables.Column()
    criticality = tables.Column()
    active = StatusColumn(verbose_name="Status")

    class Meta:
        model = Interface
        fields = ("name", "source", "target", "protocol", "direction", "endpoint", "owner", "criticality", "active")

    def render_source(self, record: Interface) -> str:
        return format_html('{} <span class="text-body-secondary">· {}</span>', record.source, record.source.vendor)

    def render_target(self, record: Interface) -> str:
        return format_html('{} <span class="text-body-secondary">· {}</span>', record.target, record.target.vendor)

    def value_source(self, record: Interface) -> str:
        return f"{record.source.vendor} · {record.source}"

    def value_target(self, record: Interface) -> str:
        return f"{record.target.vendor} · {record.target}"

    def render_criticality(self, record: Interface) -> str:
        badge = CRITICALITY_BADGES[record.criticality]
        return format_html('<span class="badge text-bg-{}">{}</span>', badge, record.get_criticality_display())
