"""Business calendars: list, detail, create/edit with weekly windows, holidays and their import."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views.generic import TemplateView
from django.views.generic.detail import SingleObjectMixin

from core.formatting import format_count
from core.views.generic import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from slas.filters.calendars import CalendarFilterSet
from slas.forms.calendars import OFFICE_HOURS, CalendarForm, HolidayForm, PublicHolidayQueryForm, WindowFormSet
from slas.models import BusinessCalendar, Holiday
from slas.selectors import calendars as selectors
from slas.services import calendars as services
from slas.tables.calendars import CalendarTable


class CalendarListView(ObjectListView):
    manage_action = "calendar.manage"
    queryset = selectors.calendar_list()
    filterset_class = CalendarFilterSet
    table_class = CalendarTable
    export_filename = "calendars"


class CalendarDetailView(ObjectDetailView):
    manage_action = "calendar.manage"
    queryset = BusinessCalendar.objects.prefetch_related("windows", "holidays")
    template_name = "slas/calendar_detail.html"
    holiday_form: HolidayForm | None = None

    def get_related(self) -> dict[str, Any]:
        return {
            "holiday_form": self.holiday_form or HolidayForm(user=self.request.user),
            "import_form": PublicHolidayQueryForm(),
        }


class CalendarFormMixin:
    """Calendar fields plus its weekly windows as a formset, saved by ``calendar_save``."""

    model = BusinessCalendar
    form_class = CalendarForm
    template_name = "slas/calendar_form.html"
    request: HttpRequest

    def get_formset(self) -> WindowFormSet:
        if self.request.method == "POST":
            return WindowFormSet(self.request.POST, prefix="windows")
        if self.object is not None:
            initial = [{"weekday": w.weekday, "start": w.start, "end": w.end} for w in self.object.windows.all()]
        else:
            initial = OFFICE_HOURS
        return WindowFormSet(initial=initial, prefix="windows")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.setdefault("formset", self.get_formset())
        return context

    def save_form(self, form: CalendarForm) -> BusinessCalendar:
        formset = self.get_formset()
        if not formset.is_valid():
            self.formset = formset
            raise ValidationError("Correct the weekly windows below.")
        windows = [
            services.WindowInput(row["weekday"], row["start"], row["end"])
            for row in formset.cleaned_data
            if row and not row.get("DELETE")
        ]
        return services.calendar_save(calendar=form.instance, windows=windows)

    def form_invalid(self, form: CalendarForm) -> HttpResponse:
        formset = getattr(self, "formset", None) or self.get_formset()
        return self.render_to_response(self.get_context_data(form=form, formset=formset))  # type: ignore[attr-defined]


class CalendarCreateView(CalendarFormMixin, ObjectCreateView):
    permission_action = "calendar.manage"


class CalendarUpdateView(CalendarFormMixin, ObjectUpdateView):
    permission_action = "calendar.manage"


class CalendarDeleteView(ObjectDeleteView):
    permission_action = "calendar.manage"
    model = BusinessCalendar


class HolidayAddView(CalendarDetailView):
    permission_action = "calendar.manage"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = calendar = self.get_object()
        form = HolidayForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                holiday = services.holiday_add(calendar=calendar, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Holiday “{holiday}” added.")
                return HttpResponseRedirect(calendar.get_absolute_url())
        self.holiday_form = form
        return self.render_to_response(self.get_context_data(), status=400)


class HolidayDeleteView(ObjectDeleteView):
    permission_action = "calendar.manage"
    model = Holiday

    def get_success_url(self) -> str:
        return self.object.calendar.get_absolute_url()

    def delete_object(self, obj: Holiday) -> None:
        services.holiday_delete(holiday=obj)


class PublicHolidayImportView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, TemplateView):
    """GET with country, region and years shows the public holidays for review; POST adds the
    ones ticked."""

    permission_action = "calendar.manage"
    model = BusinessCalendar
    template_name = "slas/holiday_import.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        query = PublicHolidayQueryForm(request.GET)
        found: list[services.PublicHoliday] = []
        if query.is_valid():
            try:
                found = self._preview(query.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    query.add_error(field if field in query.fields else None, errors)
        existing = set(self.object.holidays.values_list("date", "name"))
        rows = [(entry, (entry.date, entry.name) in existing) for entry in found]
        return self.render_to_response(self.get_context_data(query=query, rows=rows))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = calendar = self.get_object()
        query = PublicHolidayQueryForm(request.POST)
        if not query.is_valid():
            messages.error(request, "The holiday query was incomplete; search again.")
            return HttpResponseRedirect(calendar.get_absolute_url())
        chosen_dates = set(request.POST.getlist("chosen"))
        try:
            preview = self._preview(query.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(calendar.get_absolute_url())
        chosen = [entry for entry in preview if entry.date.isoformat() in chosen_dates]
        added = services.public_holidays_import(
            calendar=calendar,
            country=query.cleaned_data["country"],
            subdivision=query.cleaned_data["subdivision"],
            chosen=chosen,
        )
        messages.success(request, f"{format_count(added, 'public holiday')} added to {calendar}.")
        return HttpResponseRedirect(calendar.get_absolute_url())

    @staticmethod
    def _preview(data: dict[str, Any]) -> list[services.PublicHoliday]:
        return services.public_holidays_preview(
            country=data["country"], subdivision=data["subdivision"], years=data["years"]
        )
