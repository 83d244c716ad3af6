"""The effectiveness page, shared by the hospital UI (every course, a vendor to choose) and the
portal (the vendor's own courses): the filter form, then a row per course."""

from typing import Any

from django.http import HttpRequest

from training.forms.effectiveness import EffectivenessFilterForm
from training.models import Course
from training.selectors.effectiveness import EXPLANATION, effectiveness


def effectiveness_context(request: HttpRequest, *, vendor_field: bool) -> tuple[dict[str, Any], int]:
    """The page's context and its status (400 when the filters are wrong)."""
    form = EffectivenessFilterForm(request.GET, user=request.user, vendor_field=vendor_field)
    context: dict[str, Any] = {"form": form, "explanation": EXPLANATION}
    if not form.is_valid():
        return context, 400
    courses = Course.objects.visible_to(request.user)
    if vendor_id := form.vendor_id():
        courses = courses.filter(vendor_id=vendor_id)
    context.update(period=form.period(), rows=effectiveness(courses, form.period()))
    return context, 200
