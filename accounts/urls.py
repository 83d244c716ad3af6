from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.forms import AccountPasswordChangeForm, AccountSetPasswordForm, OutboxPasswordResetForm
from core.views.lazy import lazy_view
from core.views.reach import vendor_reachable

app_name = "accounts"

urlpatterns = [
    path("users/", lazy_view("accounts.views.UserListView"), name="user_list"),
    path("users/add/", lazy_view("accounts.views.UserInviteView"), name="user_add"),
    path("users/<int:pk>/", lazy_view("accounts.views.UserDetailView"), name="user_detail"),
    path("users/<int:pk>/edit/", lazy_view("accounts.views.UserUpdateView"), name="user_edit"),
    path("users/<int:pk>/deactivate/", lazy_view("accounts.views.UserDeactivateView"), name="user_deactivate"),
    path("users/<int:pk>/reactivate/", lazy_view("accounts.views.UserReactivateView"), name="user_reactivate"),
    path(
        "users/<int:pk>/resend-invitation/",
        lazy_view("accounts.views.UserInvitationResendView"),
        name="user_resend_invitation",
    ),
    # the hospital staff directory
    path("staff/", lazy_view("accounts.views.StaffMemberListView"), name="staffmember_list"),
    path("staff/add/", lazy_view("accounts.views.StaffMemberCreateView"), name="staffmember_add"),
    path("staff/import/", lazy_view("accounts.views.StaffImportView"), name="staff_import"),
    path("staff/<int:pk>/", lazy_view("accounts.views.StaffMemberDetailView"), name="staffmember_detail"),
    path("staff/<int:pk>/edit/", lazy_view("accounts.views.StaffMemberUpdateView"), name="staffmember_edit"),
]

# Sign-in pages keep Django's URL names (login, password_reset, ...) outside the namespace. Every
# user reaches them, vendor users included (``vendor_reachable``: core.middleware lets them in).
auth_urlpatterns = [
    path("login/", vendor_reachable(auth_views.LoginView.as_view(redirect_authenticated_user=True)), name="login"),
    path("logout/", vendor_reachable(auth_views.LogoutView.as_view()), name="logout"),
    path(
        "password/change/",
        vendor_reachable(auth_views.PasswordChangeView.as_view(form_class=AccountPasswordChangeForm)),
        name="password_change",
    ),
    path(
        "password/change/done/",
        vendor_reachable(auth_views.PasswordChangeDoneView.as_view()),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        vendor_reachable(auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm)),
        name="password_reset",
    ),
    path(
        "password/reset/sent/", vendor_reachable(auth_views.PasswordResetDoneView.as_view()), name="password_reset_done"
    ),
    path(
        "reset/<uidb64>/<token>/",
        vendor_reachable(auth_views.PasswordResetConfirmView.as_view(form_class=AccountSetPasswordForm)),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/", vendor_reachable(auth_views.PasswordResetCompleteView.as_view()), name="password_reset_complete"
    ),
    path("profile/", lazy_view("accounts.views.ProfileView"), name="profile"),
    # Two-factor authentication: the second sign-in step, then the account's security page.
    path("two-factor/", lazy_view("accounts.views.SecondFactorVerifyView"), name="two_factor_verify"),
    path("security/", lazy_view("accounts.views.TwoFactorView"), name="two_factor"),
    path("security/set-up/", lazy_view("accounts.views.TwoFactorSetupView"), name="two_factor_setup"),
    path("security/recovery-codes/", lazy_view("accounts.views.RecoveryCodesView"), name="two_factor_recovery_codes"),
    path(
        "security/recovery-codes/download/",
        lazy_view("accounts.views.RecoveryCodesDownloadView"),
        name="two_factor_recovery_codes_download",
    ),
    path(
        "security/recovery-codes/new/",
        lazy_view("accounts.views.RecoveryCodesRegenerateView"),
        name="two_factor_recovery_codes_regenerate",
    ),
    path("security/remove/", lazy_view("accounts.views.TwoFactorRemoveView"), name="two_factor_remove"),
]
