"""What the PACS team sees of training: coverage per profession, department, site or course, the
overdue list, the CSV export of the filtered cells, and a person's printable transcript."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from accounts.selectors import staff_list
from core.exports import csv_download, csv_lines
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from training.forms.coverage import CoverageFilterForm
from training.selectors.coverage import GROUPINGS, OVERDUE_SHOWN, Cell, coverage, coverage_cells, transcript

EXPORT_HEADER = (
    "person",
    "staff_number",
    "profession",
    "department",
    "site",
    "course",
    "level",
    "status",
    "due_on",
    "days_overdue",
    "last_completed",
    "valid_until",
)


def _export_row(cell: Cell) -> list[str]:
    person, result = cell.person, cell.standing

    def day(value: object) -> str:
        return f"{value:%Y-%m-%d}" if value else ""

    return [
        person.name,
        person.staff_number,
        person.profession_label,
        person.department,
        person.site,
        cell.requirement.course.title,
        cell.requirement.get_level_display(),
        result.status.value,
        day(result.due_on),
        str(result.days_overdue) if result.days_overdue else "",
        day(cell.last_completed),
        day(result.valid_until),
    ]


class CoverageView(HospitalUserRequiredMixin, TemplateView):
    template_name = "training/coverage.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = CoverageFilterForm(request.GET, user=request.user)
        if not form.is_valid():
            return self.render_to_response({"form": form}, status=400)
        filters, today = form.filters(), timezone.localdate()
        if request.GET.get("export") == "csv":
            cells = coverage_cells(filters=filters, today=today)
            return csv_download(csv_lines(EXPORT_HEADER, map(_export_row, cells)), filename="training-coverage")
        result = coverage(filters=filters, today=today, grouping=form.grouping())
        return self.render_to_response(
            {
                "form": form,
                "coverage": result,
                "grouping_label": GROUPINGS[form.grouping()],
                "overdue": result.overdue,
                "overdue_count": result.overdue_count,
                "overdue_shown": OVERDUE_SHOWN,
            }
        )


class TranscriptView(HospitalUserRequiredMixin, ScopedQuerysetMixin, DetailView):
    """A person's training: where they stand with each requirement, and every completion."""

    queryset = staff_list()
    template_name = "training/transcript.html"
    context_object_name = "person"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["transcript"] = transcript(person=self.object, today=timezone.localdate())
        context["today"] = timezone.localdate()
        return context
