"""Training in the vendor portal: the vendor's own courses (added and kept here), their materials,
their sessions (the vendor's trainer records who attended), who completed them, and who holds
the certifications the vendor issues (names and professions only)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import CreateView, DeleteView, DetailView, TemplateView, UpdateView
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.views.mixins import ScopedQuerysetMixin, protected_file_response
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalCertificationTable, PortalCompletionTable, PortalCourseTable, PortalSessionTable
from training.filters.certifications import CertificationFilterSet
from training.filters.completions import CompletionFilterSet
from training.filters.courses import CourseFilterSet
from training.filters.sessions import SessionFilterSet
from training.forms.courses import MaterialForm, PortalCourseForm
from training.forms.sessions import AttendanceForm
from training.models import Course, CourseMaterial
from training.pages.courses import course_context
from training.pages.effectiveness import effectiveness_context
from training.pages.sessions import run_attendance, session_context
from training.selectors.certifications import certification_list
from training.selectors.completions import completion_list
from training.selectors.courses import course_list, material_list
from training.selectors.sessions import session_list
from training.services import courses as services


def _course_url(course: Course) -> str:
    return reverse("portal:course_detail", kwargs={"pk": course.pk})


class PortalCompletionFilterSet(CompletionFilterSet):
    # Vendors search attendees by name only: staff numbers are the hospital's.
    search_fields = ("person__name", "course__title")


class PortalCourseListView(PortalListView):
    queryset = course_list()
    filterset_class = CourseFilterSet
    table_class = PortalCourseTable
    template_name = "portal/course_list.html"
    title = "Courses"
    export_filename = "courses"


class PortalCourseDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = course_list()
    template_name = "portal/course_detail.html"
    material_form: MaterialForm | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(course_context(self.object, self.request.user, material_form=self.material_form))
        context["material_upload_url"] = reverse("portal:material_add", kwargs={"pk": self.object.pk})
        context["sessions_url"] = f"{reverse('portal:session_list')}?course={self.object.pk}"
        return context


class PortalCourseFormMixin(PortalMixin):
    model = Course
    form_class = PortalCourseForm
    template_name = "portal/course_form.html"
    permission_action = "course.manage"
    request: HttpRequest
    object: Course | None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        if kwargs.get("instance") is None:
            kwargs["instance"] = Course(vendor=self.vendor)
        return kwargs

    def form_valid(self, form: PortalCourseForm) -> HttpResponse:
        stored = Course.objects.get(pk=form.instance.pk) if form.instance.pk else None
        try:
            course = services.course_save(
                course=stored,
                data=form.cleaned_data,
                components=list(form.cleaned_data.get("components") or []),
                prerequisites=list(form.cleaned_data.get("prerequisites") or []),
                by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, f"Course “{course}” saved.")
        return HttpResponseRedirect(_course_url(course))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        is_create = self.object is None
        context["title"] = "Add a course" if is_create else f"Edit {self.object}"
        context["submit_label"] = "Create" if is_create else "Save"
        context["cancel_url"] = reverse("portal:course_list") if is_create else _course_url(self.object)
        return context


class PortalCourseCreateView(PortalCourseFormMixin, CreateView):
    pass


class PortalCourseUpdateView(PortalCourseFormMixin, ScopedQuerysetMixin, UpdateView):
    queryset = course_list()


class PortalMaterialUploadView(PortalCourseDetailView):
    permission_action = "course.manage"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = course = self.get_object()
        form = MaterialForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                material = services.material_attach(course=course, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"“{material}” added to the course.")
                return HttpResponseRedirect(_course_url(course))
        self.material_form = form
        return self.render_to_response(self.get_context_data(), status=400)


class PortalMaterialDownloadView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    queryset = material_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        material = self.get_object()
        return protected_file_response(material.file, filename=material.filename)


class PortalMaterialDeleteView(PortalMixin, ScopedQuerysetMixin, DeleteView):
    permission_action = "course.manage"
    queryset = material_list()
    template_name = "portal/material_confirm_delete.html"

    def form_valid(self, form: Any) -> HttpResponse:
        material: CourseMaterial = self.object
        services.material_delete(material=material, by=self.request.user)
        messages.success(self.request, f"“{material}” removed.")
        return HttpResponseRedirect(_course_url(material.course))


class PortalCompletionListView(PortalListView):
    queryset = completion_list()
    filterset_class = PortalCompletionFilterSet
    table_class = PortalCompletionTable
    title = "Completions of our courses"
    export_filename = "course-completions"


class PortalCertificationFilterSet(CertificationFilterSet):
    # Vendors search holders by name only: staff numbers are the hospital's.
    search_fields = ("person__name", "kind__name")
    issuer = None  # always the vendor itself

    class Meta(CertificationFilterSet.Meta):
        fields = ["q", "state", "kind"]


class PortalCertificationListView(PortalListView):
    queryset = certification_list()
    filterset_class = PortalCertificationFilterSet
    table_class = PortalCertificationTable
    title = "Certifications we issued"
    export_filename = "certifications"


class PortalCertificationEvidenceView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    queryset = certification_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        certification = self.get_object()
        return protected_file_response(certification.evidence, filename=certification.evidence_name)


class PortalSessionListView(PortalListView):
    queryset = session_list()
    filterset_class = SessionFilterSet
    table_class = PortalSessionTable
    title = "Sessions of our courses"
    export_filename = "training-sessions"


class PortalSessionDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    """A session of the vendor's course: its seats (names and professions only), the waiting
    list, and the attendance form once it has started."""

    queryset = session_list()
    template_name = "portal/session_detail.html"
    attendance_form: AttendanceForm | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(session_context(self.object, self.request.user, attendance_form=self.attendance_form))
        return context


class PortalSessionAttendanceView(PortalSessionDetailView):
    permission_action = "session.attendance"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        self.object = session = self.get_object()
        self.attendance_form = run_attendance(request, session)
        if self.attendance_form is None:
            return HttpResponseRedirect(reverse("portal:session_detail", kwargs={"pk": session.pk}))
        return self.render_to_response(self.get_context_data(), status=400)


class PortalEffectivenessView(PortalMixin, TemplateView):
    """The effectiveness of the vendor's own courses (``training.pages.effectiveness``)."""

    template_name = "portal/training_effectiveness.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        context, status = effectiveness_context(request, vendor_field=False)
        return self.render_to_response(self.get_context_data(**context), status=status)
