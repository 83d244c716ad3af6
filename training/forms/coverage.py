from django import forms

from accounts.models import Profession
from core.forms import ScopedForm
from training.models import Course, Level
from training.selectors.courses import course_options
from training.selectors.coverage import GROUPINGS, CoverageFilters
from vendors.forms import VendorChoices, VendorDependentChoicesMixin
from vendors.models import Vendor


class CoverageFilterForm(VendorDependentChoicesMixin, ScopedForm):
    """What the coverage page shows: its filters and how it groups. The course list follows the
    vendor chosen."""

    vendor_choices = {"course": VendorChoices(course_options, blank="Any", before_vendor=None)}

    group_by = forms.ChoiceField(choices=list(GROUPINGS.items()), required=False, initial="profession")
    profession = forms.ChoiceField(choices=[("", "Any"), *list(Profession.choices)], required=False)
    department = forms.CharField(max_length=120, required=False)
    site = forms.CharField(max_length=120, required=False)
    course = forms.ModelChoiceField(queryset=Course.objects.order_by("title"), required=False, empty_label="Any")
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.order_by("name"), required=False, empty_label="Any")
    level = forms.ChoiceField(
        choices=[(Level.MANDATORY, "Mandatory"), (Level.RECOMMENDED, "Recommended"), ("all", "Both")],
        required=False,
        initial=Level.MANDATORY,
    )

    def filters(self) -> CoverageFilters:
        data = self.cleaned_data
        level = data.get("level") or Level.MANDATORY
        return CoverageFilters(
            profession=data.get("profession") or "",
            department=(data.get("department") or "").strip(),
            site=(data.get("site") or "").strip(),
            course_id=data["course"].pk if data.get("course") else None,
            vendor_id=data["vendor"].pk if data.get("vendor") else None,
            level="" if level == "all" else level,
        )

    def grouping(self) -> str:
        return self.cleaned_data.get("group_by") or "profession"
