"""Certifications in the hospital UI: who holds which (valid, expiring soon, expired), recorded
and corrected through ``certification_save``; the evidence through a scoped download; the kinds
of certification kept by hospital admins."""

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.urls import reverse, reverse_lazy
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectCreateView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin, protected_file_response
from training.filters.certifications import CertificationFilterSet, CertificationKindFilterSet
from training.forms.certifications import CertificationForm, CertificationKindForm
from training.models import Certification, CertificationKind
from training.selectors.certifications import certification_kind_list, certification_list
from training.services.certifications import certification_save
from training.tables.certifications import CertificationKindTable, CertificationTable


class CertificationListView(ObjectListView):
    manage_action = "certification.manage"
    queryset = certification_list()
    filterset_class = CertificationFilterSet
    table_class = CertificationTable
    export_filename = "certifications"
    add_label = "Record a certification"


class CertificationFormMixin:
    model = Certification
    form_class = CertificationForm
    permission_action = "certification.manage"
    success_url = reverse_lazy("training:certification_list")
    request: HttpRequest

    def save_form(self, form: CertificationForm) -> Certification:
        stored = Certification.objects.get(pk=form.instance.pk) if form.instance.pk else None
        data = form.cleaned_data
        return certification_save(
            certification=stored,
            person=data["person"],
            kind=data["kind"],
            earned_on=data["earned_on"],
            note=data.get("note", ""),
            evidence=data["evidence"] if isinstance(data.get("evidence"), UploadedFile) else None,
            by=self.request.user,
        )

    def get_cancel_url(self) -> str:
        return reverse("training:certification_list")


class CertificationCreateView(CertificationFormMixin, ObjectCreateView):
    pass


class CertificationUpdateView(CertificationFormMixin, ObjectUpdateView):
    pass


class CertificationEvidenceView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    queryset = certification_list()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        certification = self.get_object()
        return protected_file_response(certification.evidence, filename=certification.evidence_name)


class CertificationKindListView(ObjectListView):
    manage_action = "certification.manage"
    queryset = certification_kind_list()
    filterset_class = CertificationKindFilterSet
    table_class = CertificationKindTable
    export_filename = "certification-kinds"
    add_label = "Add a certification kind"


class CertificationKindFormMixin:
    model = CertificationKind
    form_class = CertificationKindForm
    permission_action = "certification.manage"
    success_url = reverse_lazy("training:certificationkind_list")

    def get_cancel_url(self) -> str:
        return reverse("training:certificationkind_list")


class CertificationKindCreateView(CertificationKindFormMixin, ObjectCreateView):
    pass


class CertificationKindUpdateView(CertificationKindFormMixin, ObjectUpdateView):
    pass
