"""Writes on users and their API tokens."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

from accounts.models import User
from core.roles import Role


def _set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def user_invitation_send(*, user: User, invited_by: User) -> None:
    """Email ``user`` a single-use link to choose a password (through the outbox)."""
    context = {
        "user": user,
        "invited_by": invited_by,
        "link": _set_password_link(user),
        "site_url": settings.SITE_URL,
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    send_mail(
        subject="You are invited to PACS Vendor Desk",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def user_invite(
    *,
    invited_by: User,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    vendor_id: int | None = None,
    job_title: str = "",
) -> User:
    """Create an account without a password and send the invitation to set one.

    The username is the email address; Django admin access follows the hospital-admin role.
    """
    user = User(
        username=email.lower(),
        email=email.lower(),
        first_name=first_name,
        last_name=last_name,
        role=role,
        vendor_id=vendor_id if role == Role.VENDOR_USER else None,
        job_title=job_title,
        is_staff=role == Role.HOSPITAL_ADMIN,
        is_superuser=role == Role.HOSPITAL_ADMIN,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user_invitation_send(user=user, invited_by=invited_by)
    return user


@transaction.atomic
def user_update(*, user: User, changed_by: User, **fields: object) -> User:
    """Change a user's profile or role; admin access and vendor follow the role."""
    for name, value in fields.items():
        setattr(user, name, value)
    if user.role != Role.VENDOR_USER:
        user.vendor = None
    if user.pk == changed_by.pk and user.role != Role.HOSPITAL_ADMIN:
        raise ValidationError({"role": "You cannot remove your own admin role."})
    # Hospital admins administer everything, Django admin included; nobody else does.
    user.is_staff = user.is_superuser = user.role == Role.HOSPITAL_ADMIN
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_deactivate(*, user: User, deactivated_by: User) -> User:
    """Block sign-in and revoke the user's API token; history and authored records stay."""
    if user.pk == deactivated_by.pk:
        raise ValidationError("You cannot deactivate your own account.")
    user.is_active = False
    user.save(update_fields=["is_active"])
    Token.objects.filter(user=user).delete()
    return user


@transaction.atomic
def user_reactivate(*, user: User, reactivated_by: User) -> User:
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_password_set(*, user: User, password: str | None) -> User:
    """Give ``user`` a new password (``None``: none usable) and replace their API token if they
    have one.

    A token obtained with the old password must not outlive it: whoever changes a password because
    it leaked expects the leak closed, scripts included. The new token is on the profile page.
    """
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save(update_fields=["password"])
    if Token.objects.filter(user=user).exists():
        api_token_issue(user=user, rotate=True)
    return user


@transaction.atomic
def api_token_issue(*, user: User, rotate: bool = False) -> Token:
    """The user's API token, created on first use; ``rotate`` replaces it (the old one stops working)."""
    if not user.is_active:
        raise ValidationError("Inactive users cannot have an API token.")
    if rotate:
        Token.objects.filter(user=user).delete()
    token, _ = Token.objects.get_or_create(user=user)
    return token
