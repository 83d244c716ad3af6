"""Forms of the vendor pages, and the picker every form uses for choices that follow a vendor
(components, contacts and the like): ``VendorChoices``, ``VendorDependentChoicesMixin``."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.urls import reverse

from core.forms import DateInput, ScopedModelForm
from core.roles import ScopedUser
from vendors import selectors
from vendors.models import Component, Contact, Contract, ContractDocument, Interface, Vendor


class VendorForm(ScopedModelForm):
    class Meta:
        model = Vendor
        fields = [
            "name",
            "kind",
            "hosts_data",
            "website",
            "support_phone",
            "support_email",
            "support_portal",
            "notes",
            "active",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ContactForm(ScopedModelForm):
    class Meta:
        model = Contact
        fields = ["vendor", "name", "role", "escalation_level", "email", "phone", "hours", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class ContactReachabilityForm(ScopedModelForm):
    """What a vendor user may change about their own vendor's contacts."""

    class Meta:
        model = Contact
        fields = ["email", "phone"]


class ContractForm(ScopedModelForm):
    class Meta:
        model = Contract
        fields = [
            "vendor",
            "reference",
            "title",
            "start_date",
            "end_date",
            "annual_fee",
            "currency",
            "renewal_notice_days",
            "auto_renew",
            "notes",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].upper()


class ContractDocumentForm(ScopedModelForm):
    class Meta:
        model = ContractDocument
        fields = ["title", "file"]


class ComponentForm(ScopedModelForm):
    class Meta:
        model = Component
        fields = ["vendor", "name", "kind", "site", "criticality", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class VendorNamedChoiceField(forms.ModelChoiceField):
    """A choice among several vendors' rows: each option names its vendor, since two vendors'
    rows often share a name (two "Service desk" contacts). The queryset selects ``vendor``."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.vendor.name} · {obj}"


def _components_by_vendor() -> QuerySet[Component]:
    return Component.objects.select_related("vendor").order_by("vendor__name", "name", "site")


class InterfaceForm(ScopedModelForm):
    """An interface between two components, of one vendor or two: both lists name each
    component's vendor."""

    source = VendorNamedChoiceField(queryset=_components_by_vendor())
    target = VendorNamedChoiceField(queryset=_components_by_vendor())

    class Meta:
        model = Interface
        fields = [
            "name",
            "source",
            "target",
            "protocol",
            "direction",
            "endpoint",
            "owner",
            "criticality",
            "notes",
            "active",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


# --- choices that follow the chosen vendor ---

NO_VENDOR_YET = "— choose the vendor first —"

# Every form whose choices follow its vendor, by ``picker_name``: what the options view may render.
VENDOR_DEPENDENT_FORMS: dict[str, type["VendorDependentChoicesMixin"]] = {}


@dataclass(frozen=True)
class VendorChoices:
    """How one field's options follow the chosen vendor: ``options(vendor_id=, user=)`` gives its
    rows (an empty list without a vendor, unless some rows belong to no vendor), ``blank`` the
    first, empty option (None for multiple choices), and ``before_vendor`` what that empty option
    says while no vendor is chosen (None: ``blank`` says it)."""

    options: Callable[..., list[tuple[int, str]]]
    blank: str | None = "—"
    before_vendor: str | None = NO_VENDOR_YET

    def choices(self, vendor_id: int | None, user: ScopedUser | None) -> list[tuple[int | str, str]]:
        first = self.before_vendor if not vendor_id and self.before_vendor else self.blank
        head: list[tuple[int | str, str]] = [("", first)] if first is not None else []
        return head + self.options(vendor_id=vendor_id, user=user)


COMPONENTS = VendorChoices(selectors.component_options)
CONTACTS = VendorChoices(selectors.contact_options)
SEVERAL_COMPONENTS = VendorChoices(selectors.component_options, blank=None, before_vendor=None)


class VendorDependentChoicesMixin:
    """A form whose choice fields follow its vendor field. ``vendor_choices`` maps each such field
    to its ``VendorChoices``; the lists offer the chosen vendor's rows only. Choosing another
    vendor reloads them all in place with one request (htmx, ``vendors:choices``); without
    JavaScript the form comes back with them after a submit. A form without a vendor field follows
    its instance's vendor, or the vendor user's own.

    The fields still accept anything the user may see, so that another vendor's object reaches
    the form's ``clean`` or the service and is refused there with a clear message.

    Put it before the form base; the base must set ``self.user`` (``ScopedForm``,
    ``ScopedModelForm``)."""

    vendor_field: ClassVar[str] = "vendor"
    vendor_choices: ClassVar[dict[str, VendorChoices]] = {}

    fields: dict[str, forms.Field]
    user: ScopedUser | None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.vendor_choices:
            VENDOR_DEPENDENT_FORMS[cls.picker_name()] = cls

    @classmethod
    def picker_name(cls) -> str:
        return f"{cls.__module__}.{cls.__qualname__}"

    @classmethod
    def dependent_choices(
        cls, vendor_id: int | None, user: ScopedUser | None
    ) -> dict[str, list[tuple[int | str, str]]]:
        """Each dependent field's options for that vendor, by field name."""
        return {name: spec.choices(vendor_id, user) for name, spec in cls.vendor_choices.items()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in self.dependent_choices(self.chosen_vendor_id(), self.user).items():
            if name in self.fields:
                self.fields[name].widget.choices = choices
        vendor = self.fields.get(self.vendor_field)
        if vendor is not None and not vendor.disabled:
            vendor.widget.attrs.update(
                {
                    "hx-get": reverse("vendors:choices", args=[self.picker_name()]),
                    "hx-trigger": "change",
                    "hx-swap": "none",  # the answer swaps each list in by its id
                }
            )

    def chosen_vendor_id(self) -> int | None:
        """The vendor the form is for now: as posted, else as given initially or saved."""
        if self.vendor_field in self.fields:
            value = self[self.vendor_field].value()  # type: ignore[index]
        else:
            value = getattr(getattr(self, "instance", None), "vendor_id", None) or getattr(self.user, "vendor_id", None)
        value = getattr(value, "pk", value)
        try:
            return int(value) if value else None
        except (TypeError, ValueError):
            return None
