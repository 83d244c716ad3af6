from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from core import limits
from core.models import HospitalOnlyQuerySet, TimeStampedModel, VendorScopedQuerySet
from core.roles import HOSPITAL_ROLES, Role


class UserQuerySet(VendorScopedQuerySet):
    """Hospital users see every account; a vendor user sees the accounts of their own vendor."""


class PacsUserManager(UserManager.from_queryset(UserQuerySet)):
    def create_superuser(self, username: str, email: str | None = None, password: str | None = None, **extra: Any):
        extra.setdefault("role", Role.HOSPITAL_ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    """A person who signs in: a hospital admin, hospital staff, or a user of exactly one vendor."""

    Role = Role
    vendor_lookup: ClassVar[str] = "vendor"

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.HOSPITAL_STAFF)
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Required for vendor users, empty for hospital users.",
    )
    job_title = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=40, blank=True)

    objects = PacsUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.VENDOR_USER) & Q(vendor__isnull=False))
                | (~Q(role=Role.VENDOR_USER) & Q(vendor__isnull=True)),
                name="accounts_user_vendor_matches_role",
                violation_error_message="A vendor user belongs to exactly one vendor; hospital users to none.",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="accounts_user_email_unique",
                violation_error_message="Another user already has this email address.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return Q()

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        if self.role == Role.VENDOR_USER and self.vendor_id is None:
            raise ValidationError({"vendor": "Choose the vendor this user belongs to."})
        if self.role in HOSPITAL_ROLES and self.vendor_id is not None:
            raise ValidationError({"vendor": "Hospital users do not belong to a vendor; leave this empty."})

    @property
    def is_hospital_admin(self) -> bool:
        return self.role == Role.HOSPITAL_ADMIN

    @property
    def is_hospital_user(self) -> bool:
        return self.role in HOSPITAL_ROLES

    @property
    def is_vendor_user(self) -> bool:
        return self.role == Role.VENDOR_USER


class Profession(models.TextChoices):
    RADIOLOGIST = "radiologist", "Radiologist"
    RADIOGRAPHER = "radiographer", "Radiographer / technologist"
    ADMINISTRATIVE = "administrative", "Administrative"
    IT = "it", "IT"
    PACS_ADMIN = "pacs_admin", "PACS admin"
    OTHER = "other", "Other"


class StaffMember(TimeStampedModel):
    """A person of the hospital's staff directory (most never sign in): whom training is for,
    whom surveys ask. Kept up to date from the HR export (``accounts.staff_import``)."""

    name = models.CharField(max_length=200)
    profession = models.CharField(max_length=20, choices=Profession.choices)
    department = models.CharField(max_length=120, blank=True)
    site = models.CharField(max_length=120, blank=True)
    email = models.EmailField(blank=True)
    staff_number = models.CharField(
        max_length=40, blank=True, help_text="The number HR gives the person; the import matches on it first."
    )
    start_date = models.DateField(
        null=True,
        blank=True,
        validators=limits.value_range(limits.DATES),
        help_text="When the person started: onboarding training falls due from it.",
    )
    active = models.BooleanField(default=True)
    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_member",
        limit_choices_to=~Q(role=Role.VENDOR_USER),
        help_text="The person's sign-in, if they have one.",
    )

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "staff member"
        indexes = [models.Index(fields=["profession", "active"])]
        constraints = [
            models.UniqueConstraint(
                Lower("staff_number"),
                condition=~Q(staff_number=""),
                name="accounts_staffmember_number_unique",
                violation_error_message="Another staff member already has this staff number.",
            ),
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="accounts_staffmember_email_unique",
                violation_error_message="Another staff member already has this email address.",
            ),
            limits.range_check("start_date", limits.DATES, label="The start date"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:staffmember_detail", kwargs={"pk": self.pk})
