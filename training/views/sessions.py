"""Sessions in the hospital UI: the upcoming (and past) sessions, per course through the filter;
a session's page with its seats, waiting list and attendance; scheduling and changes through
``session_save``, enrolment, withdrawal and cancellation through their services."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404

from core.forms import add_service_errors
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from training.filters.sessions import SessionFilterSet
from training.forms.sessions import AttendanceForm, EnrolForm, SessionForm
from training.models import Session
from training.pages.sessions import run_attendance, session_context
from training.selectors.sessions import enrolment_list, session_list
from training.services import sessions as services
from training.tables.sessions import SessionTable


class SessionListView(ObjectListView):
    manage_action = "session.manage"
    queryset = session_list()
    filterset_class = SessionFilterSet
    table_class = SessionTable
    export_filename = "training-sessions"
    add_label = "Schedule a session"


class SessionDetailView(ObjectDetailView):
    manage_action = "session.manage"
    queryset = session_list()
    template_name = "training/session_detail.html"
    enrol_form: EnrolForm | None = None
    attendance_form: AttendanceForm | None = None

    def get_related(self) -> dict[str, Any]:
        return session_context(
            self.object, self.request.user, enrol_form=self.enrol_form, attendance_form=self.attendance_form
        )


class SessionFormMixin:
    model = Session
    form_class = SessionForm
    permission_action = "session.manage"
    request: HttpRequest

    def save_form(self, form: SessionForm) -> Session:
        stored = Session.objects.get(pk=form.instance.pk) if form.instance.pk else None
        return services.session_save(session=stored, data=form.cleaned_data, by=self.request.user)


class SessionCreateView(SessionFormMixin, ObjectCreateView):
    title = "Schedule a session"


class SessionUpdateView(SessionFormMixin, ObjectUpdateView):
    pass


class SessionActionView(SessionDetailView):
    """A POST from the session's page; on an error the page again, with the form."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        if self.act(request, self.object, **kwargs):
            return HttpResponseRedirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(), status=400)

    def act(self, request: HttpRequest, session: Session, **kwargs: Any) -> bool:
        raise NotImplementedError


class SessionEnrolView(SessionActionView):
    permission_action = "session.enrol"

    def act(self, request: HttpRequest, session: Session, **kwargs: Any) -> bool:
        form = EnrolForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                enrolment = services.session_enrol(session=session, person=form.cleaned_data["person"], by=request.user)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"{enrolment.person} is {enrolment.get_status_display().lower()}.")
                return True
        self.enrol_form = form
        return False


class SessionWithdrawView(SessionActionView):
    permission_action = "session.enrol"

    def act(self, request: HttpRequest, session: Session, **kwargs: Any) -> bool:
        enrolment = get_object_or_404(enrolment_list().filter(session=session), pk=kwargs["enrolment"])
        try:
            services.session_withdraw(enrolment=enrolment, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{enrolment.person} is off the session.")
        return True


class SessionCancelView(SessionActionView):
    permission_action = "session.manage"

    def act(self, request: HttpRequest, session: Session, **kwargs: Any) -> bool:
        try:
            services.session_cancel(session=session, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The session is cancelled.")
        return True


class SessionAttendanceView(SessionActionView):
    permission_action = "session.attendance"

    def act(self, request: HttpRequest, session: Session, **kwargs: Any) -> bool:
        self.attendance_form = run_attendance(request, session)
        return self.attendance_form is None
