"""User management for hospital admins, the hospital staff directory and its HR import, and each
user's own account: profile, API token, and two-factor authentication (the second sign-in step,
enrolment, recovery codes; rules in accounts.two_factor)."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import services, staff_import, two_factor
from accounts.filters import StaffMemberFilterSet, UserFilterSet
from accounts.forms import (
    AuthenticatorConfirmForm,
    SecondFactorCodeForm,
    StaffImportForm,
    StaffMemberForm,
    TwoFactorRemoveForm,
    UserInviteForm,
    UserUpdateForm,
)
from accounts.models import StaffMember, User
from accounts.selectors import staff_list, user_list
from accounts.staff_pages import staff_pages
from accounts.tables import StaffMemberTable, UserTable
from core.forms import add_service_errors
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, RequiredPermissionActionMixin, ScopedQuerysetMixin
from core.views.reach import vendor_reachable


class UserListView(ObjectListView):
    permission_action = "user.manage"
    manage_action = "user.manage"
    queryset = user_list()
    filterset_class = UserFilterSet
    table_class = UserTable
    export_filename = "users"
    add_label = "Invite user"


class UserDetailView(ObjectDetailView):
    permission_action = "user.manage"
    manage_action = "user.manage"
    queryset = user_list()
    template_name = "accounts/user_detail.html"
    # Not "user": that name belongs to the signed-in user in every template (navigation, checks).
    context_object_name = "account"


class UserInviteView(ObjectCreateView):
    permission_action = "user.manage"
    model = User
    form_class = UserInviteForm
    template_name = "accounts/user_invite.html"
    title = "Invite a user"
    submit_label = "Send invitation"

    def save_form(self, form: UserInviteForm) -> User:
        data = form.cleaned_data
        return services.user_invite(
            invited_by=self.request.user,
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            job_title=data["job_title"],
            role=data["role"],
            vendor_id=data["vendor"].pk if data.get("vendor") else None,
        )


class UserUpdateView(ObjectUpdateView):
    permission_action = "user.manage"
    model = User
    form_class = UserUpdateForm
    context_object_name = "account"

    def save_form(self, form: UserUpdateForm) -> User:
        return services.user_update(user=self.object, changed_by=self.request.user, **form.cleaned_data)


class UserActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST-only account actions; each is one service call."""

    permission_action = "user.manage"
    model = User
    success_message = ""

    def perform(self, user: User) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = self.get_object()
        try:
            self.perform(user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, self.success_message.format(user=user))
        return HttpResponseRedirect(user.get_absolute_url())


class UserDeactivateView(UserActionView):
    success_message = "{user} can no longer sign in; their API token was revoked."

    def perform(self, user: User) -> None:
        services.user_deactivate(user=user, deactivated_by=self.request.user)


class UserReactivateView(UserActionView):
    success_message = "{user} can sign in again."

    def perform(self, user: User) -> None:
        services.user_reactivate(user=user, reactivated_by=self.request.user)


class UserInvitationResendView(UserActionView):
    success_message = "A new invitation was sent to {user.email}."

    def perform(self, user: User) -> None:
        services.user_invitation_send(user=user, invited_by=self.request.user)


@vendor_reachable
class ProfileView(LoginRequiredMixin, TemplateView):
    """The signed-in user's account: role, vendor, password change link, API token."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["token"] = getattr(self.request.user, "auth_token", None)
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        services.api_token_issue(user=request.user, rotate=True)
        messages.success(request, "A new API token was issued; the previous one no longer works.")
        return HttpResponseRedirect(request.path)


# Two-factor authentication: the second sign-in step, enrolment, recovery codes, removal -------

NEW_RECOVERY_CODES = "two_factor_new_recovery_codes"


def _after_second_factor(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _verified(request: HttpRequest, device: Device) -> None:
    # A new session key once the second factor is given, as at sign-in: no fixation across steps.
    request.session.cycle_key()
    otp_login(request, device)


@vendor_reachable
class SecondFactorVerifyView(LoginRequiredMixin, FormView):
    """The second sign-in step: a code from the authenticator app, or a recovery code."""

    template_name = "accounts/two_factor_verify.html"
    form_class = SecondFactorCodeForm

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        user = request.user
        if user.is_authenticated and (user.is_verified() or not two_factor.second_factor_expected(user)):
            return HttpResponseRedirect(_after_second_factor(request))
        if user.is_authenticated and not two_factor.has_second_factor(user):
            return HttpResponseRedirect(reverse("two_factor_setup"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(next=_after_second_factor(self.request), **kwargs)

    def form_valid(self, form: SecondFactorCodeForm) -> HttpResponse:
        try:
            device = two_factor.second_factor_verify(user=self.request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        _verified(self.request, device)
        if isinstance(device, StaticDevice):
            left = two_factor.recovery_codes_left(self.request.user)
            messages.warning(
                self.request,
                f"You used a recovery code; {left} left. Make new ones on your Security page if few remain.",
            )
        return HttpResponseRedirect(_after_second_factor(self.request))


@vendor_reachable
class TwoFactorSetupView(LoginRequiredMixin, FormView):
    """Enrolment: the secret as a QR code and as text, confirmed with a code from the app."""

    template_name = "accounts/two_factor_setup.html"
    form_class = AuthenticatorConfirmForm

    def dispatch(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if request.user.is_authenticated and two_factor.has_second_factor(request.user):
            return HttpResponseRedirect(reverse("two_factor"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        enrolment = two_factor.two_factor_enrolment_start(user=self.request.user)
        return super().get_context_data(
            enrolment=enrolment,
            qr_svg=mark_safe(enrolment.qr_svg()),  # noqa: S308 (segno's own SVG of our otpauth address)
            required=two_factor.two_factor_required(self.request.user),
            **kwargs,
        )

    def form_valid(self, form: AuthenticatorConfirmForm) -> HttpResponse:
        try:
            device, codes = two_factor.two_factor_enrolment_confirm(
                user=self.request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        _verified(self.request, device)
        self.request.session[NEW_RECOVERY_CODES] = codes
        messages.success(self.request, "Two-factor authentication is on: each sign-in now asks for a code.")
        return HttpResponseRedirect(reverse("two_factor_recovery_codes"))


@vendor_reachable
class TwoFactorView(LoginRequiredMixin, TemplateView):
    """The account's security page: whether 2FA is on, recovery codes left, and its actions."""

    template_name = "accounts/two_factor.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        user = self.request.user
        context = super().get_context_data(**kwargs)
        context["enrolled"] = two_factor.has_second_factor(user)
        context["required"] = two_factor.two_factor_required(user)
        context["codes_left"] = two_factor.recovery_codes_left(user) if context["enrolled"] else 0
        context.setdefault("remove_form", TwoFactorRemoveForm())
        return context


@vendor_reachable
class RecoveryCodesView(LoginRequiredMixin, View):
    """New recovery codes, shown once: until the user says they saved them (or signs out)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        codes = request.session.get(NEW_RECOVERY_CODES)
        if not codes:
            messages.info(request, "Recovery codes are shown once, when they are made. Make new ones if you lost them.")
            return HttpResponseRedirect(reverse("two_factor"))
        return render(request, "accounts/two_factor_recovery_codes.html", {"codes": codes})

    def post(self, request: HttpRequest) -> HttpResponse:
        request.session.pop(NEW_RECOVERY_CODES, None)
        return HttpResponseRedirect(reverse("two_factor"))


@vendor_reachable
class RecoveryCodesDownloadView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        codes = request.session.get(NEW_RECOVERY_CODES)
        if not codes:
            raise Http404("No new recovery codes to download.")
        text = render_to_string("accounts/two_factor_recovery_codes.txt", {"codes": codes, "user": request.user})
        response = HttpResponse(text, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="pacs-vendor-desk-recovery-codes.txt"'
        response["Cache-Control"] = "no-store"
        return response


@vendor_reachable
class RecoveryCodesRegenerateView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            codes = two_factor.two_factor_recovery_codes_regenerate(user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("two_factor"))
        request.session[NEW_RECOVERY_CODES] = codes
        messages.success(request, "New recovery codes were made; the previous ones no longer work.")
        return HttpResponseRedirect(reverse("two_factor_recovery_codes"))


@vendor_reachable
class TwoFactorRemoveView(TwoFactorView):
    """Turning 2FA off, from the security page, which shows the form again with its errors."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TwoFactorRemoveForm(request.POST)
        if form.is_valid():
            try:
                two_factor.two_factor_remove(user=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                request.session.pop(NEW_RECOVERY_CODES, None)
                messages.success(request, "Two-factor authentication is off: signing in asks for your password only.")
                return HttpResponseRedirect(reverse("two_factor"))
        return self.render_to_response(self.get_context_data(remove_form=form))


class StaffMemberListView(ObjectListView):
    manage_action = "staff.manage"
    queryset = staff_list()
    filterset_class = StaffMemberFilterSet
    table_class = StaffMemberTable
    export_filename = "staff"
    add_label = "Add staff member"
    template_name = "accounts/staffmember_list.html"


class StaffMemberDetailView(ObjectDetailView):
    manage_action = "staff.manage"
    queryset = staff_list()
    template_name = "accounts/staffmember_detail.html"

    def get_related(self) -> dict[str, Any]:
        return {"staff_pages": staff_pages()}


class StaffMemberCreateView(ObjectCreateView):
    permission_action = "staff.manage"
    model = StaffMember
    form_class = StaffMemberForm


class StaffMemberUpdateView(ObjectUpdateView):
    permission_action = "staff.manage"
    model = StaffMember
    form_class = StaffMemberForm


class StaffImportView(RequiredPermissionActionMixin, HospitalUserRequiredMixin, View):
    """The HR export in two steps: upload shows what the import would do (or every bad line);
    confirming imports the file checked, kept in the session meanwhile, checked again."""

    permission_action = "staff.manage"
    template_name = "accounts/staff_import.html"
    session_key = "accounts.staff_import"

    def _page(self, request: HttpRequest, form: StaffImportForm, **context: Any) -> HttpResponse:
        plan = context.get("plan")
        failed = bool(form.errors) or (plan is not None and not plan.ok)
        return render(
            request,
            self.template_name,
            {"form": form, "columns": staff_import.COLUMNS, "max_rows": staff_import.MAX_ROWS, **context},
            status=400 if failed else 200,
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request, StaffImportForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        if "confirm" in request.POST:
            return self._confirm(request)
        form = StaffImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(request, form)
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = staff_import.staff_import_plan(content=content)
        if plan.ok:
            request.session[self.session_key] = {"name": upload.name, "text": content.decode("utf-8-sig")}
        return self._page(request, StaffImportForm(), plan=plan, filename=upload.name)

    def _confirm(self, request: HttpRequest) -> HttpResponse:
        checked = request.session.pop(self.session_key, None)
        if checked is None:
            messages.error(request, "That check is no longer at hand: upload the file again.")
            return HttpResponseRedirect(reverse("accounts:staff_import"))
        plan = staff_import.staff_import_csv(content=checked["text"].encode())
        if not plan.ok:  # the directory changed since the check
            return self._page(request, StaffImportForm(), plan=plan, filename=checked["name"])
        messages.success(
            request,
            f"{checked['name']}: {len(plan.creates):,} staff added, {len(plan.updates):,} updated, "
            f"{plan.unchanged:,} unchanged.",
        )
        return HttpResponseRedirect(reverse("accounts:staffmember_list"))
