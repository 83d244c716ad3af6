"""Two-factor authentication's rules (accounts.two_factor): who needs it, enrolment, codes of
the authenticator and recovery codes, throttling, removal."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.tests.factories import TEST_PASSWORD, HospitalAdminFactory, UserFactory, VendorUserFactory
from accounts.tests.two_factor import code_now, enrol, fresh_code

pytestmark = pytest.mark.django_db


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _enrolled(user: object) -> tuple[TOTPDevice, list[str]]:
    enrolment = two_factor.two_factor_enrolment_start(user=user)
    return two_factor.two_factor_enrolment_confirm(user=user, code=code_now(enrolment.device))


def test_admins_and_vendor_users_must_use_it_staff_may(settings) -> None:
    admin, staff, vendor_user = HospitalAdminFactory(), UserFactory(), VendorUserFactory()
    assert two_factor.two_factor_required(admin)
    assert two_factor.two_factor_required(vendor_user)
    assert not two_factor.two_factor_required(staff)
    assert not two_factor.second_factor_expected(staff)
    enrol(staff)
    assert two_factor.second_factor_expected(staff)

    settings.TWO_FACTOR_REQUIRED = False
    assert not two_factor.two_factor_required(admin)
    assert not two_factor.second_factor_expected(admin)


def test_enrolment_starts_one_pending_authenticator_and_shows_its_secret() -> None:
    user = UserFactory(username="anna")
    first = two_factor.two_factor_enrolment_start(user=user)
    again = two_factor.two_factor_enrolment_start(user=user)

    assert first.device.pk == again.device.pk
    assert not first.device.confirmed
    assert len(first.secret) == 32
    assert first.secret.isalnum()
    assert first.secret.isupper()
    assert first.config_url.startswith("otpauth://totp/PACS%20Vendor%20Desk%3Aanna?secret=" + first.secret)
    assert first.qr_svg().startswith("<svg")
    assert not two_factor.has_second_factor(user)


def test_a_wrong_code_leaves_the_authenticator_pending() -> None:
    user = UserFactory()
    enrolment = two_factor.two_factor_enrolment_start(user=user)

    with pytest.raises(ValidationError) as error:
        two_factor.two_factor_enrolment_confirm(user=user, code=_wrong(code_now(enrolment.device)))

    assert error.value.message_dict == {"code": [two_factor.WRONG_CODE]}
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert device.throttling_failure_count == 1
    assert not StaticDevice.objects.filter(user=user).exists()


def test_the_right_code_confirms_it_and_makes_ten_single_use_recovery_codes() -> None:
    user = UserFactory()
    device, codes = _enrolled(user)

    assert TOTPDevice.objects.get(user=user).confirmed
    assert device.throttling_failure_count == 0
    assert len(codes) == len(set(codes)) == two_factor.RECOVERY_CODE_COUNT
    assert sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == sorted(codes)
    assert two_factor.recovery_codes_left(user) == 10
    with pytest.raises(ValidationError, match="already set up"):
        two_factor.two_factor_enrolment_start(user=user)


def test_a_code_of_the_authenticator_signs_in_once() -> None:
    user = UserFactory()
    device, _ = _enrolled(user)
    code = fresh_code(device)

    with time_machine.travel(timezone.now(), tick=False):
        assert two_factor.second_factor_verify(user=user, code=f" {code[:3]} {code[3:]} ") == device
        # The same code again (a replay within its 30 seconds) is refused.
        with pytest.raises(ValidationError) as error:
            two_factor.second_factor_verify(user=user, code=code)
    assert error.value.message_dict == {"code": [two_factor.WRONG_CODE]}


def test_a_recovery_code_works_once_whatever_its_case_or_spacing() -> None:
    user = UserFactory()
    _, codes = _enrolled(user)
    typed = f"{codes[3][:4].upper()} {codes[3][4:].upper()}"

    device = two_factor.second_factor_verify(user=user, code=typed)

    assert isinstance(device, StaticDevice)
    assert not StaticToken.objects.filter(token=codes[3]).exists()
    assert two_factor.recovery_codes_left(user) == 9
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)
    with pytest.raises(ValidationError) as error:
        two_factor.second_factor_verify(user=user, code=codes[3])
    assert error.value.message_dict == {"code": [two_factor.WRONG_CODE]}


def test_missing_codes_and_users_without_a_second_factor_are_told_so() -> None:
    user = UserFactory()
    with pytest.raises(ValidationError) as missing:
        two_factor.second_factor_verify(user=user, code="  ", field="otp")
    with pytest.raises(ValidationError) as not_enrolled:
        two_factor.second_factor_verify(user=user, code="123456", field="otp")

    assert missing.value.message_dict == {"otp": [two_factor.MISSING_CODE]}
    assert not_enrolled.value.message_dict == {"otp": [two_factor.NOT_ENROLLED]}


def test_wrong_codes_in_a_row_throttle_even_the_right_one_until_the_wait_is_over() -> None:
    user = UserFactory()
    device, _ = _enrolled(user)
    start = timezone.now() + timedelta(minutes=5)

    for attempt in range(3):
        with time_machine.travel(start + timedelta(seconds=10 * attempt), tick=False), pytest.raises(ValidationError):
            two_factor.second_factor_verify(user=user, code=_wrong(code_now(device)))
    device.refresh_from_db()
    assert device.throttling_failure_count == 3

    # The third wrong code in a row asks for 4 seconds' wait: within it, the right code is refused.
    with time_machine.travel(start + timedelta(seconds=21), tick=False):
        right = code_now(device)
        with pytest.raises(ValidationError) as error:
            two_factor.second_factor_verify(user=user, code=right)
    assert error.value.message_dict["code"][0].startswith("Too many wrong codes in a row: wait ")
    device.refresh_from_db()
    assert device.throttling_failure_count == 3  # a refusal while throttled does not count

    with time_machine.travel(start + timedelta(seconds=25), tick=False):
        assert two_factor.second_factor_verify(user=user, code=code_now(device)) == device
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_new_recovery_codes_replace_the_old_ones() -> None:
    user = UserFactory()
    _, old = _enrolled(user)

    new = two_factor.two_factor_recovery_codes_regenerate(user=user)

    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)
    assert StaticDevice.objects.filter(user=user).count() == 1
    with pytest.raises(ValidationError, match="Set up two-factor authentication first"):
        two_factor.two_factor_recovery_codes_regenerate(user=UserFactory())


def test_staff_remove_it_with_their_password_and_a_code() -> None:
    user = UserFactory()
    device, codes = _enrolled(user)

    with pytest.raises(ValidationError) as wrong_password:
        two_factor.two_factor_remove(user=user, password="not-it", code=fresh_code(device))
    assert wrong_password.value.message_dict == {"password": ["Your password was entered incorrectly."]}
    with pytest.raises(ValidationError) as wrong_code:
        two_factor.two_factor_remove(user=user, password=TEST_PASSWORD, code=_wrong(code_now(device)))
    assert "code" in wrong_code.value.message_dict
    assert two_factor.has_second_factor(user)

    TOTPDevice.objects.filter(user=user).update(throttling_failure_count=0)
    two_factor.two_factor_remove(user=user, password=TEST_PASSWORD, code=codes[0])

    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()


def test_a_role_that_requires_it_cannot_remove_it() -> None:
    admin = HospitalAdminFactory()
    device, _ = _enrolled(admin)

    with pytest.raises(ValidationError, match="required for your role"):
        two_factor.two_factor_remove(user=admin, password=TEST_PASSWORD, code=fresh_code(device))

    assert two_factor.has_second_factor(admin)
