"""Two-factor authentication (django-otp): who needs it, enrolment, the second sign-in step and
recovery codes.

A user's second factor is one TOTP device (an authenticator app) and, beside it, one static device
holding their single-use recovery codes. A TOTP device is created unconfirmed when enrolment
starts and becomes the user's second factor only once a code from it was accepted; recovery codes
exist only for a confirmed TOTP device.

Who must pass a second factor: every user with a confirmed device (staff who chose it included),
and with ``TWO_FACTOR_REQUIRED`` on, every hospital admin and vendor user, who are sent to
enrolment until they have one. Wrong codes are throttled by django-otp itself: after the n-th
wrong code in a row a device refuses every code for 2^(n-1) seconds (``OTP_*_THROTTLE_FACTOR``).
"""

import re
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from accounts import services
from accounts.models import User
from core.roles import Role

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"
ROLES_REQUIRING_TWO_FACTOR = frozenset({Role.HOSPITAL_ADMIN, Role.VENDOR_USER})

WRONG_CODE = "This code is not valid. Enter the current 6-digit code from your app, or one of your recovery codes."
MISSING_CODE = "Enter the 6-digit code from your authenticator app, or one of your recovery codes."
NOT_ENROLLED = "Your account needs two-factor authentication: set it up in the web app (My account, Security) first."


def two_factor_required(user: User) -> bool:
    """Whether ``user``'s role must sign in with a second factor (``TWO_FACTOR_REQUIRED``)."""
    return settings.TWO_FACTOR_REQUIRED and user.role in ROLES_REQUIRING_TWO_FACTOR


def authenticator_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator (TOTP) device, if they enrolled."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_expected(user: User) -> bool:
    """Whether a session or a token of ``user`` needs a second factor: they have one, or must."""
    return two_factor_required(user) or has_second_factor(user)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# Enrolment ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Enrolment:
    """What the set-up page shows: the secret as text (grouped for reading) and as a QR code."""

    device: TOTPDevice
    secret: str
    config_url: str

    @property
    def secret_grouped(self) -> str:
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))

    def qr_svg(self) -> str:
        """The ``otpauth://`` address as an inline SVG QR code, drawn here: no script, no request
        to anyone else, nothing the page's CSP must allow."""
        import segno

        svg = segno.make(self.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff", title="QR code")
        return svg


def _enrolment(device: TOTPDevice) -> Enrolment:
    secret = b32encode(unhexlify(device.key)).decode("ascii").rstrip("=")
    return Enrolment(device=device, secret=secret, config_url=device.config_url)


@transaction.atomic
def two_factor_enrolment_start(*, user: User) -> Enrolment:
    """The pending (unconfirmed) authenticator of ``user``, created with a new secret if they have
    none. Refused once they have a confirmed one: a second factor is replaced by removing it first,
    never by a session that did not pass it."""
    if has_second_factor(user):
        raise ValidationError("Two-factor authentication is already set up for your account.")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    return _enrolment(device)


def two_factor_enrolment_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code from it; returns the device and the user's
    new recovery codes (shown once). A wrong code is a ``ValidationError`` on ``code``."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        raise ValidationError({"code": "Start the set-up again: no authenticator is waiting to be confirmed."})
    if not _verify(device, _digits(code)):
        raise ValidationError({"code": _refusal(device)})
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
    return device, codes


@transaction.atomic
def two_factor_recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace every recovery code of ``user`` with ten new ones (the old ones stop working)."""
    if not has_second_factor(user):
        raise ValidationError("Set up two-factor authentication first.")
    return _new_recovery_codes(user)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def two_factor_remove(*, user: User, password: str, code: str) -> None:
    """Remove ``user``'s second factor, recovery codes included. Only for users whose role does
    not require one, and only with their password and a current code."""
    if two_factor_required(user):
        raise ValidationError("Two-factor authentication is required for your role; it cannot be removed.")
    if not user.check_password(password):
        raise ValidationError({"password": "Your password was entered incorrectly."})
    second_factor_verify(user=user, code=code, field="code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


# The second step --------------------------------------------------------------------------------


def second_factor_verify(*, user: User, code: str | None, field: str = "code") -> Device:
    """The device that accepts ``code`` for ``user``: a 6-digit code of their authenticator, or
    one of their recovery codes (used up by this). ``ValidationError`` on ``field`` when the code
    is missing or wrong, while the device is throttled after wrong codes, or when the user has no
    second factor yet."""
    code = (code or "").strip()
    if not code:
        raise ValidationError({field: MISSING_CODE})
    authenticator = authenticator_device(user)
    if authenticator is None:
        raise ValidationError({field: NOT_ENROLLED})
    digits = _digits(code)
    if re.fullmatch(r"\d{6}", digits):
        device, token = authenticator, digits
    else:
        device = StaticDevice.objects.devices_for_user(user, confirmed=True).first()
        token = _recovery_form(code)
        if device is None:
            raise ValidationError({field: WRONG_CODE})
    if not _verify(device, token):
        raise ValidationError({field: _refusal(device)})
    return device


def _digits(code: str) -> str:
    return re.sub(r"\s", "", code or "")


def _recovery_form(code: str) -> str:
    return re.sub(r"[\s-]", "", code).lower()


def _verify(device: Device, token: str) -> bool:
    """One attempt against ``device``, locked against a concurrent attempt; the throttle's count
    is saved whatever the outcome (no exception is raised inside this transaction). A throttled
    device refuses without counting."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        accepted = locked.verify_token(token)
    device.refresh_from_db()
    return accepted


# From this many wrong codes in a row on, the wait (2^(n-1) seconds) is worth telling.
_WAIT_WORTH_TELLING = 3


def _refusal(device: Device) -> str:
    allowed, details = device.verify_is_allowed()
    if allowed or not details or details.get("failure_count", 0) < _WAIT_WORTH_TELLING:
        return WRONG_CODE
    seconds = max(1, int((details["locked_until"] - timezone.now()).total_seconds()) + 1)
    return f"Too many wrong codes in a row: wait {seconds} seconds, then enter a new code."


def api_token_obtain(*, user: User, otp: str | None) -> Token:
    """The token of ``user`` who gave their password to the API: a user who signs in with a second
    factor (or whose role must) gives a code too, as ``otp``; without one the password alone would
    be a way around it."""
    if second_factor_expected(user):
        second_factor_verify(user=user, code=otp, field="otp")
    return services.api_token_issue(user=user)
