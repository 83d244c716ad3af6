"""User management for hospital admins, and each user's own account page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views import View
from django.views.generic import TemplateView
from django.views.generic.detail import SingleObjectMixin

from accounts import services
from accounts.filters import UserFilterSet
from accounts.forms import UserInviteForm, UserUpdateForm
from accounts.models import User
from accounts.selectors import user_list
from accounts.tables import UserTable
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
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
