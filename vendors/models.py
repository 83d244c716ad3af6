"""Vendors and what the hospital holds about each: contacts, contracts, PACS components and the
interfaces between components."""

import datetime
from pathlib import PurePath
from typing import ClassVar, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField, URLField
from core.models import VendorOwnedModel, VendorScopedQuerySet
from core.roles import ScopedUser
from core.text import fit_filename


class Vendor(VendorOwnedModel):
    class Kind(models.TextChoices):
        PACS = "pacs", "PACS"
        VNA = "vna", "VNA"
        RIS = "ris", "RIS"
        AI = "ai", "AI"
        OTHER = "other", "Other"

    vendor_lookup: ClassVar[str] = "pk"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PACS)
    website = URLField(blank=True)
    support_phone = models.CharField(max_length=40, blank=True)
    support_email = models.EmailField(blank=True)
    support_portal = URLField(blank=True, help_text="The vendor's own support portal, if any.")
    hosts_data = models.BooleanField(
        "hosts our data",
        default=False,
        help_text="The vendor stores or processes patient data outside the hospital (a cloud archive, "
        "a hosted AI service): data-protection documents are then required.",
    )
    notes = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="vendors_vendor_name_unique",
                violation_error_message="A vendor with this name exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("vendors:vendor_detail", kwargs={"pk": self.pk})


class Contact(VendorOwnedModel):
    class Role(models.TextChoices):
        ACCOUNT_MANAGER = "account_manager", "Account manager"
        SUPPORT_DESK = "support_desk", "Support desk"
        ENGINEER = "engineer", "Engineer"
        ESCALATION_MANAGER = "escalation_manager", "Escalation manager"
        EXECUTIVE = "executive", "Executive"

    vendor = models.ForeignKey(Vendor, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=30, choices=Role.choices)
    escalation_level = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 is the first line; higher levels are contacted as a problem escalates.",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    hours = models.CharField(
        max_length=120, blank=True, help_text="When they can be reached, e.g. Mon-Fri 08:00-17:00 CET, or 24x7."
    )
    notes = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    class Meta:
        # Grouped by vendor along the escalation path; the index serves this order with LIMIT.
        ordering = ["vendor_id", "escalation_level", "name"]
        indexes = [models.Index(fields=["vendor", "escalation_level", "name"], name="vendors_contact_escalation")]
        constraints = [
            models.CheckConstraint(
                condition=Q(escalation_level__gte=1, escalation_level__lte=5),
                name="vendors_contact_escalation_level_range",
                violation_error_message="Escalation level is between 1 and 5.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("vendors:contact_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if not self.email and not self.phone:
            raise ValidationError("Give at least an email address or a phone number.")


# The business ranges of a contract's numbers.
ANNUAL_FEE = limits.Range(0, 1_000_000_000)
RENEWAL_NOTICE_DAYS = limits.Range(0, 730)


class Contract(VendorOwnedModel):
    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="contracts")
    reference = models.CharField(max_length=80, help_text="The contract number both parties use.")
    title = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(validators=limits.value_range(limits.DATES))
    end_date = models.DateField(validators=limits.value_range(limits.DATES))
    annual_fee = models.DecimalField(
        "annual support fee", max_digits=14, decimal_places=2, validators=limits.value_range(ANNUAL_FEE)
    )
    currency = models.CharField(
        max_length=3,
        default="EUR",
        validators=[RegexValidator(r"^[A-Z]{3}$", "Use the three-letter ISO 4217 code, e.g. EUR or USD.")],
    )
    renewal_notice_days = models.PositiveIntegerField(
        default=90,
        validators=limits.value_range(RENEWAL_NOTICE_DAYS),
        help_text="Days before the end by which renewal or termination must be notified (up to two years).",
    )
    auto_renew = models.BooleanField(default=False)
    notes = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    class Meta:
        ordering = ["vendor__name", "-start_date"]
        indexes = [models.Index(fields=["end_date"])]
        constraints = [
            models.UniqueConstraint(
                "vendor",
                Lower("reference"),
                name="vendors_contract_reference_unique",
                violation_error_message="This vendor already has a contract with this reference.",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="vendors_contract_end_after_start",
                violation_error_message="The contract cannot end before it starts.",
            ),
            limits.range_check("annual_fee", ANNUAL_FEE, label="The annual support fee"),
            limits.range_check("renewal_notice_days", RENEWAL_NOTICE_DAYS, label="Renewal notice days"),
            limits.range_check("start_date", limits.DATES, label="The start date"),
            limits.range_check("end_date", limits.DATES, label="The end date"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("vendors:contract_detail", kwargs={"pk": self.pk})

    @property
    def renewal_notice_date(self) -> datetime.date:
        return self.end_date - datetime.timedelta(days=self.renewal_notice_days)

    def status_on(self, day: datetime.date) -> str:
        if day < self.start_date:
            return "upcoming"
        if day > self.end_date:
            return "expired"
        return "active"


ALLOWED_DOCUMENT_EXTENSIONS = (
    ".pdf",
    ".docx",
    ".doc",
    ".xlsx",
    ".xls",
    ".odt",
    ".ods",
    ".txt",
    ".png",
    ".jpg",
    ".jpeg",
)


def contract_document_path(instance: "ContractDocument", filename: str) -> str:
    return f"contracts/{instance.contract_id}/{fit_filename(filename)}"


class ContractDocument(VendorOwnedModel):
    """A signed contract, amendment or schedule; served only through scoped download views."""

    vendor_lookup: ClassVar[str] = "contract__vendor"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=contract_document_path, max_length=300)
    size_bytes = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.contract.get_absolute_url()

    @property
    def filename(self) -> str:
        return PurePath(self.file.name).name

    def clean(self) -> None:
        if not self.file:
            return
        if PurePath(self.file.name).suffix.lower() not in ALLOWED_DOCUMENT_EXTENSIONS:
            raise ValidationError({"file": f"Allowed file types: {', '.join(ALLOWED_DOCUMENT_EXTENSIONS)}."})
        limit = settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024
        if self.file.size > limit:
            raise ValidationError({"file": f"The file is larger than {settings.DOCUMENT_MAX_UPLOAD_MB} MB."})


class Component(VendorOwnedModel):
    class Kind(models.TextChoices):
        ARCHIVE = "archive", "Archive"
        VIEWER = "viewer", "Viewer"
        WORKLIST = "worklist", "Worklist"
        RIS_HL7 = "ris_hl7", "RIS/HL7 interface"
        VNA = "vna", "VNA"
        AI = "ai", "AI"
        OTHER = "other", "Other"

    class Criticality(models.TextChoices):
        CRITICAL = "critical", "Critical"
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="components")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    site = models.CharField(max_length=120, blank=True, help_text="Hospital site or data centre.")
    criticality = models.CharField(max_length=10, choices=Criticality.choices, default=Criticality.HIGH)
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["vendor__name", "name"]
        constraints = [
            models.UniqueConstraint(
                "vendor",
                Lower("name"),
                "site",
                name="vendors_component_name_site_unique",
                violation_error_message="This vendor already has a component with this name at this site.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.site})" if self.site else self.name

    def get_absolute_url(self) -> str:
        return reverse("vendors:component_detail", kwargs={"pk": self.pk})


class InterfaceQuerySet(VendorScopedQuerySet):
    def visible_to(self, user: ScopedUser | None) -> Self:
        """Hospital users see every interface; a vendor user those with either end (source or
        target) on a component of their own vendor: both vendors of an interface see it."""
        if user is not None and user.is_authenticated and user.is_active and user.is_vendor_user:
            if user.vendor_id is None:
                return self.none()
            return self.filter(Q(source__vendor_id=user.vendor_id) | Q(target__vendor_id=user.vendor_id))
        return super().visible_to(user)


class Interface(VendorOwnedModel):
    """A data flow between two components (orders from the RIS to the PACS over HL7 v2, DICOM
    forwarding to the VNA, ...): what the hospital needs to know to watch it and to tell whom when
    it breaks. Its two ends may belong to two vendors; each of them sees it."""

    class Protocol(models.TextChoices):
        HL7V2 = "hl7v2", "HL7 v2"
        DICOM = "dicom", "DICOM"
        DICOMWEB = "dicomweb", "DICOMweb"
        FHIR = "fhir", "FHIR"
        OTHER = "other", "Other"

    class Direction(models.TextChoices):
        ONE_WAY = "one_way", "Source to target"
        BOTH_WAYS = "both_ways", "Both ways"

    # For the one permission question (``core.permissions``): the source's vendor. Reading is
    # wider (``InterfaceQuerySet.visible_to``): vendor users take no action on interfaces.
    vendor_lookup: ClassVar[str] = "source__vendor"

    name = models.CharField(max_length=200, help_text="What flows, e.g. “Orders (ORM^O01)”.")
    source = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="outgoing_interfaces")
    target = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="incoming_interfaces")
    protocol = models.CharField(max_length=10, choices=Protocol.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.ONE_WAY)
    endpoint = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where the target listens: host:port, AE title@host:port or a URL.",
    )
    owner = models.CharField(
        max_length=120, blank=True, help_text="Who at the hospital looks after it: a team or a person."
    )
    criticality = models.CharField(
        max_length=10, choices=Component.Criticality.choices, default=Component.Criticality.HIGH
    )
    notes = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    active = models.BooleanField(default=True)

    objects = InterfaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="vendors_interface_two_components",
                violation_error_message="An interface joins two different components.",
            ),
            models.UniqueConstraint(
                "source",
                "target",
                Lower("name"),
                name="vendors_interface_name_unique",
                violation_error_message="These two components already have an interface with this name.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("vendors:interface_detail", kwargs={"pk": self.pk})
