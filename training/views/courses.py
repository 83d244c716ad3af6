"""Courses in the hospital UI: the list and detail pages, add and edit through ``course_save``,
and materials (attached by those who may keep the course, downloaded through scoped views)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.views.generic import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin, protected_file_response
from training.filters.courses import CourseFilterSet
from training.forms.courses import CourseForm, MaterialForm
from training.models import Course, CourseMaterial
from training.pages.courses import course_context
from training.selectors.courses import course_list, material_list
from training.selectors.requirements import requirement_list
from training.services import courses as services
from training.tables.courses import CourseTable


class CourseListView(ObjectListView):
    manage_action = "course.manage"
    queryset = course_list()
    filterset_class = CourseFilterSet
    table_class = CourseTable
    export_filename = "courses"


class CourseDetailView(ObjectDetailView):
    manage_action = "course.manage"
    queryset = course_list()
    template_name = "training/course_detail.html"
    material_form: MaterialForm | None = None

    def get_related(self) -> dict[str, Any]:
        return {
            **course_context(self.object, self.request.user, material_form=self.material_form),
            "requirements": requirement_list().filter(course=self.object),
            "material_upload_url": reverse("training:material_add", kwargs={"pk": self.object.pk}),
            "sessions_url": f"{reverse('training:session_list')}?course={self.object.pk}",
        }


class CourseFormMixin:
    model = Course
    form_class = CourseForm
    permission_action = "course.manage"
    request: HttpRequest

    def save_form(self, form: CourseForm) -> Course:
        stored = Course.objects.get(pk=form.instance.pk) if form.instance.pk else None
        return services.course_save(
            course=stored,
            data=form.cleaned_data,
            components=list(form.cleaned_data.get("components") or []),
            prerequisites=list(form.cleaned_data.get("prerequisites") or []),
            by=self.request.user,
        )


class CourseCreateView(CourseFormMixin, ObjectCreateView):
    pass


class CourseUpdateView(CourseFormMixin, ObjectUpdateView):
    pass


class MaterialUploadView(CourseDetailView):
    """POST a file or a link to a course; on an error the course page again, with the form."""

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
                return HttpResponseRedirect(course.get_absolute_url())
        self.material_form = form
        return self.render_to_response(self.get_context_data(), status=400)


class MaterialDownloadView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    queryset = material_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        material = self.get_object()
        return protected_file_response(material.file, filename=material.filename)


class MaterialDeleteView(ObjectDeleteView):
    permission_action = "course.manage"
    queryset = material_list()

    def get_success_url(self) -> str:
        return self.object.course.get_absolute_url()

    def delete_object(self, obj: CourseMaterial) -> None:
        services.material_delete(material=obj, by=self.request.user)
