from typing import Any

from django import forms

from accounts.models import Profession
from core.forms import ScopedForm, ScopedModelForm
from training.models import Course
from training.selectors.courses import prerequisite_options
from vendors.forms import SEVERAL_COMPONENTS, VendorChoices, VendorDependentChoicesMixin

# A course may require its own vendor's courses and the hospital's own first.
PREREQUISITES = VendorChoices(prerequisite_options, blank=None, before_vendor=None)

COURSE_FORM_FIELDS = [
    "title",
    "vendor",
    "components",
    "release",
    "audience",
    "delivery",
    "duration_minutes",
    "prerequisites",
    "has_quiz",
    "quiz_pass_mark",
    "description",
    "active",
]


class CourseForm(VendorDependentChoicesMixin, ScopedModelForm):
    """The hospital's course form; its writes go through ``training.services.courses.course_save``."""

    vendor_choices = {"components": SEVERAL_COMPONENTS, "prerequisites": PREREQUISITES}

    audience = forms.MultipleChoiceField(
        choices=Profession.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The professions it is meant for.",
    )

    class Meta:
        model = Course
        fields = COURSE_FORM_FIELDS
        widgets = {
            "components": forms.SelectMultiple(attrs={"size": 5}),
            "prerequisites": forms.SelectMultiple(attrs={"size": 5}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"components": "Only the chosen vendor's components are offered; none for internal courses."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only a course with a quiz needs one; empty keeps the stored (or the default) mark.
        self.fields["quiz_pass_mark"].required = False

    def clean_quiz_pass_mark(self) -> int:
        mark = self.cleaned_data.get("quiz_pass_mark")
        if mark is None:
            return self.instance.quiz_pass_mark
        return mark


class PortalCourseForm(CourseForm):
    """A vendor's own course: always theirs, so no vendor to choose."""

    class Meta(CourseForm.Meta):
        fields = [name for name in COURSE_FORM_FIELDS if name != "vendor"]


class MaterialForm(ScopedForm):
    """A file or a link for a course; ``material_attach`` checks and stores it."""

    title = forms.CharField(max_length=200, required=False, help_text="Empty: the file's name or the link.")
    file = forms.FileField(required=False, help_text="Slides, a handout or a video.")
    url = forms.URLField(
        label="Link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Or a link, e.g. an e-learning module.",
    )
