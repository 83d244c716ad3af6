from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm

from accounts import services
from accounts.models import StaffMember, User
from core.forms import DateInput, ScopedModelForm
from core.roles import Role


class UserInviteForm(ScopedModelForm):
    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "job_title", "role", "vendor"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["vendor"].help_text = "Only for vendor users: the vendor whose data they may see."

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].lower()
        if User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError("A user with this email address already exists.")
        return email

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("role") != Role.VENDOR_USER:
            # A vendor picked before switching the role to a hospital role is ignored, not an error.
            cleaned["vendor"] = None
            self.instance.vendor = None
        return cleaned


class UserUpdateForm(ScopedModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "job_title", "phone", "role", "vendor"]


class OutboxPasswordResetForm(PasswordResetForm):
    """Password reset that also serves users who never set a password (invited users)."""

    def get_users(self, email: str):  # type: ignore[no-untyped-def]
        return User.objects.filter(email__iexact=email, is_active=True)


class TokenRotatingPasswordMixin:
    """Django's password forms, saving through ``services.user_password_set`` (which replaces the
    user's API token) instead of setting the password themselves."""

    cleaned_data: dict

    def set_password_and_save(
        self,
        user: User,
        password_field_name: str = "new_password1",  # noqa: S107 (a form field's name, as Django's)
        commit: bool = True,
    ) -> User:
        return services.user_password_set(user=user, password=self.cleaned_data[password_field_name])


class AccountPasswordChangeForm(TokenRotatingPasswordMixin, PasswordChangeForm):
    """The signed-in user's password change."""


class AccountSetPasswordForm(TokenRotatingPasswordMixin, SetPasswordForm):
    """A new password from a reset or invitation link."""


class AccountAdminPasswordChangeForm(AdminPasswordChangeForm):
    """The Django admin's password form for another user, which can also disable the password."""

    def set_password_and_save(self, user: User, commit: bool = True, **kwargs: object) -> User:
        usable = self.cleaned_data["set_usable_password"]
        return services.user_password_set(user=user, password=self.cleaned_data["password1"] if usable else None)


class SecondFactorCodeForm(forms.Form):
    """A code of the second factor: 6 digits from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
    )


class AuthenticatorConfirmForm(forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text="The 6-digit code the app shows after you added the account.",
    )


class TwoFactorRemoveForm(forms.Form):
    password = forms.CharField(label="Your password", strip=False, widget=forms.PasswordInput)
    code = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code"}),
        help_text="A current code from your app, or a recovery code.",
    )


class StaffMemberForm(ScopedModelForm):
    class Meta:
        model = StaffMember
        fields = ["name", "staff_number", "profession", "department", "site", "email", "start_date", "active", "user"]
        widgets = {"start_date": DateInput()}


class StaffImportForm(forms.Form):
    file = forms.FileField(label="HR export (CSV)", widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))
