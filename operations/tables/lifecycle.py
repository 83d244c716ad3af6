"""Tables of the lifecycle pages: the overview (hospital and, with other links, the portal), a
component's version history and its security bulletins. Flags are text badges, never colour
alone."""

import datetime
from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from operations.lifecycle_rules import Flag, days_behind
from operations.models import VersionChange
from operations.selectors.lifecycle import component_flags, lifecycle_of_component, patch_backlog
from vendors.models import Component

NOWRAP = {"td": {"class": "text-nowrap"}}
NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}
SEVERITY_COLOURS = {"critical": "danger", "high": "warning", "medium": "info", "low": "secondary"}


def flag_badges(flags: list[Flag]) -> SafeString:
    if not flags:
        return format_html('<span class="badge text-bg-success">{}</span>', "No flags")
    return format_html_join(
        " ", '<span class="badge text-bg-{} text-wrap text-start">{}</span>', ((f.colour, f.label) for f in flags)
    )


def release_text(version: str, patch_level: str) -> str:
    return " ".join(part for part in (version, patch_level) if part)


def shown_date(value: datetime.date | None) -> str:
    return f"{value:%Y-%m-%d}" if value else "—"


class LifecycleTable(tables.Table):
    detail_url_name = "operations:lifecycle_detail"

    name = tables.Column(verbose_name="Component", order_by=("name", "site"))
    vendor = tables.Column(order_by=("vendor__name", "name"))
    kind = tables.Column(visible=False)  # exported; the name says enough on screen
    version = tables.Column(
        empty_values=(),
        accessor="lifecycle__software_version",
        verbose_name="Version",
        order_by=("lifecycle__software_version",),
    )
    last_changed_on = tables.Column(verbose_name="Last change", visible=False)
    support_ends_on = tables.Column(
        empty_values=(), accessor="lifecycle__support_ends_on", verbose_name="End of support", attrs=NOWRAP
    )
    warranty_ends_on = tables.Column(
        empty_values=(), accessor="lifecycle__warranty_ends_on", verbose_name="Warranty end", attrs=NOWRAP
    )
    open_bulletins = tables.Column(verbose_name="Open bulletins", attrs=NUMBER, visible=False)
    days_behind = tables.Column(empty_values=(), verbose_name="Days behind", orderable=False, visible=False)
    patches = tables.Column(
        empty_values=(), verbose_name="Patches", order_by=("-open_bulletins", "oldest_open_released_on"), attrs=NOWRAP
    )
    flags = tables.Column(empty_values=(), orderable=False)

    class Meta:
        model = Component
        fields = (
            "name",
            "vendor",
            "kind",
            "version",
            "last_changed_on",
            "support_ends_on",
            "warranty_ends_on",
            "open_bulletins",
            "days_behind",
            "patches",
            "flags",
        )
        order_by = ("vendor", "name")
        empty_text = "No component matches these filters."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_name(self, record: Component) -> SafeString:
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary">{}</div>',
            reverse(self.detail_url_name, args=[record.pk]),
            record.name,
            record.site,
        )

    def value_name(self, record: Component) -> str:
        return str(record)

    def _release(self, record: Component) -> str:
        lifecycle = lifecycle_of_component(record)
        return release_text(lifecycle.software_version, lifecycle.patch_level) if lifecycle else ""

    def render_version(self, record: Component) -> str:
        return self._release(record) or "—"

    def value_version(self, record: Component) -> str:
        return self._release(record)

    def render_last_changed_on(self, value: datetime.date) -> str:
        return shown_date(value)

    def render_support_ends_on(self, value: datetime.date | None) -> str:
        return shown_date(value)

    def render_warranty_ends_on(self, value: datetime.date | None) -> str:
        return shown_date(value)

    def render_days_behind(self, record: Component) -> int:
        return days_behind(patch_backlog(record), self.today)

    def render_patches(self, record: Component) -> str:
        backlog = patch_backlog(record)
        if not backlog.open_bulletins:
            return "Current"
        return f"{backlog.open_bulletins} open · {days_behind(backlog, self.today)} d behind"

    def value_patches(self, record: Component) -> str:
        return self.render_patches(record)

    def render_flags(self, record: Component) -> SafeString:
        flags = component_flags(record, self.today)
        if not flags and lifecycle_of_component(record) is None:
            return format_html('<span class="small text-body-secondary">{}</span>', "Nothing recorded yet")
        return flag_badges(flags)

    def value_flags(self, record: Component) -> str:
        return "; ".join(flag.label for flag in component_flags(record, self.today))


class VersionChangeTable(tables.Table):
    changed_on = tables.Column(verbose_name="Date", attrs=NOWRAP)
    kind = tables.Column()
    change = tables.Column(empty_values=(), orderable=False, verbose_name="From → to")
    note = tables.Column(orderable=False)
    recorded_by = tables.Column(verbose_name="Recorded by", orderable=False)

    class Meta:
        model = VersionChange
        fields = ("changed_on", "kind", "change", "note", "recorded_by")
        orderable = False
        empty_text = "No version change recorded yet."

    def render_kind(self, record: VersionChange) -> SafeString:
        colour = "warning" if record.kind == VersionChange.Kind.ROLLBACK else "secondary"
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, record.get_kind_display())

    def render_change(self, record: VersionChange) -> str:
        before = release_text(record.from_version, record.from_patch_level)
        after = release_text(record.to_version, record.to_patch_level)
        return f"{before} → {after}" if before else after
