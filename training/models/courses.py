"""Courses: what is taught, by whom (a vendor, or the hospital itself), to which professions, and
the materials that go with them (files served through scoped views, and links)."""

from pathlib import PurePath
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from accounts.models import Profession
from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel
from core.text import fit_filename

DURATION_MINUTES = limits.Range(0, 10_000)
QUIZ_PASS_MARK = limits.Range(1, 100)


class Delivery(models.TextChoices):
    VENDOR_LED = "vendor_led", "Vendor-led"
    INTERNAL = "internal", "Internal"
    E_LEARNING = "e_learning", "E-learning"
    TRAIN_THE_TRAINER = "train_the_trainer", "Train-the-trainer"


class Course(VendorOwnedModel):
    """A course. A vendor's course is the vendor's to keep (in the portal too); an internal
    course (no vendor) is the hospital's alone, and vendor users never see it."""

    title = models.CharField(max_length=200)
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        help_text="Empty for the hospital's own (internal) courses.",
    )
    components = models.ManyToManyField(
        "vendors.Component", blank=True, related_name="courses", help_text="The vendor's components it covers."
    )
    release = models.CharField(max_length=60, blank=True, help_text="The product release it covers, e.g. 8.2.")
    audience = ArrayField(
        models.CharField(max_length=20, choices=Profession.choices),
        default=list,
        blank=True,
        help_text="The professions it is meant for.",
    )
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.VENDOR_LED)
    duration_minutes = models.PositiveIntegerField(
        "duration (minutes)", default=60, validators=limits.value_range(DURATION_MINUTES)
    )
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="required_for", help_text="Courses to complete first."
    )
    has_quiz = models.BooleanField("ends with a quiz", default=False)
    quiz_pass_mark = models.PositiveSmallIntegerField(
        "quiz pass mark (%)",
        default=80,
        validators=limits.value_range(QUIZ_PASS_MARK),
        help_text="The score (0-100) an attendee needs to pass the quiz.",
    )
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("title"),
                "vendor",
                nulls_distinct=False,
                name="training_course_title_unique",
                violation_error_message="There is already a course with this title from this vendor.",
            ),
            models.CheckConstraint(
                condition=Q(vendor__isnull=False) | ~Q(delivery=Delivery.VENDOR_LED),
                name="training_course_vendor_led_has_vendor",
                violation_error_message="A vendor-led course needs its vendor.",
            ),
            limits.range_check("duration_minutes", DURATION_MINUTES, label="The duration"),
            limits.range_check("quiz_pass_mark", QUIZ_PASS_MARK, label="The quiz pass mark"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:course_detail", kwargs={"pk": self.pk})

    @property
    def is_internal(self) -> bool:
        return self.vendor_id is None

    def audience_labels(self) -> list[str]:
        labels = dict(Profession.choices)
        return [labels.get(value, value) for value in self.audience]


ALLOWED_MATERIAL_EXTENSIONS = (
    ".pdf",
    ".pptx",
    ".ppt",
    ".docx",
    ".doc",
    ".xlsx",
    ".odt",
    ".odp",
    ".mp4",
    ".png",
    ".jpg",
)


def material_path(instance: "CourseMaterial", filename: str) -> str:
    return f"training/courses/{instance.course_id}/{fit_filename(filename)}"


class CourseMaterial(VendorOwnedModel):
    """A course's handout, slides or video (a file, served only through scoped views) or a link."""

    vendor_lookup: ClassVar[str] = "course__vendor"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to=material_path, max_length=300, blank=True)
    url = models.URLField("link", max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="training_coursematerial_file_or_link",
                violation_error_message="Give a file or a link, not both.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.course.get_absolute_url()

    @property
    def filename(self) -> str:
        return PurePath(self.file.name).name if self.file else ""

    def clean(self) -> None:
        if bool(self.file) == bool(self.url):
            raise ValidationError({"file": "Give a file or a link, not both."})
        if not self.file:
            return
        if PurePath(self.file.name).suffix.lower() not in ALLOWED_MATERIAL_EXTENSIONS:
            raise ValidationError({"file": f"Allowed file types: {', '.join(ALLOWED_MATERIAL_EXTENSIONS)}."})
        limit = settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024
        if self.file.size > limit:
            raise ValidationError({"file": f"The file is larger than {settings.DOCUMENT_MAX_UPLOAD_MB} MB."})
