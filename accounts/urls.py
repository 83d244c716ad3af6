from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.forms import AccountPasswordChangeForm, AccountSetPasswordForm, OutboxPasswordResetForm
from core.views.reach import vendor_reachable

app_name = "accounts"

urlpatterns = [
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserInviteView.as_view(), name="user_add"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user_edit"),
    path("users/<int:pk>/deactivate/", views.UserDeactivateView.as_view(), name="user_deactivate"),
    path("users/<int:pk>/reactivate/", views.UserReactivateView.as_view(), name="user_reactivate"),
    path("users/<int:pk>/resend-invitation/", views.UserInvitationResendView.as_view(), name="user_resend_invitation"),
    # the hospital staff directory
    path("staff/", views.StaffMemberListView.as_view(), name="staffmember_list"),
    path("staff/add/", views.StaffMemberCreateView.as_view(), name="staffmember_add"),
    path("staff/import/", views.StaffImportView.as_view(), name="staff_import"),
    path("staff/<int:pk>/", views.StaffMemberDetailView.as_view(), name="staffmember_detail"),
    path("staff/<int:pk>/edit/", views.StaffMemberUpdateView.as_view(), name="staffmember_edit"),
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
    path("profile/", views.ProfileView.as_view(), name="profile"),
    # Two-factor authentication: the second sign-in step, then the account's security page.
    path("two-factor/", views.SecondFactorVerifyView.as_view(), name="two_factor_verify"),
    path("security/", views.TwoFactorView.as_view(), name="two_factor"),
    path("security/set-up/", views.TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("security/recovery-codes/", views.RecoveryCodesView.as_view(), name="two_factor_recovery_codes"),
    path(
        "security/recovery-codes/download/",
        views.RecoveryCodesDownloadView.as_view(),
        name="two_factor_recovery_codes_download",
    ),
    path(
        "security/recovery-codes/new/",
        views.RecoveryCodesRegenerateView.as_view(),
        name="two_factor_recovery_codes_regenerate",
    ),
    path("security/remove/", views.TwoFactorRemoveView.as_view(), name="two_factor_remove"),
]
