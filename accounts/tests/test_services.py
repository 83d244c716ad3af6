import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token

from accounts import services
from accounts.models import User
from accounts.tests.factories import UserFactory, VendorUserFactory
from core.roles import Role
from notifications.models import OutboxEmail

pytestmark = pytest.mark.django_db


def test_invite_creates_a_passwordless_account_and_emails_a_set_password_link(admin_user: User, vendor: object) -> None:
    user = services.user_invite(
        invited_by=admin_user,
        email="Tobias.Wagner@Meridian.example",
        first_name="Tobias",
        last_name="Wagner",
        role=Role.VENDOR_USER,
        vendor_id=vendor.pk,
    )
    assert user.username == "tobias.wagner@meridian.example"
    assert user.vendor == vendor
    assert not user.has_usable_password()
    assert not user.is_staff
    email = OutboxEmail.objects.get()
    assert email.to == ["tobias.wagner@meridian.example"]
    assert "/accounts/reset/" in email.body
    assert "Petra Admin invited you" in email.body


def test_invite_of_a_vendor_user_needs_a_vendor(admin_user: User) -> None:
    with pytest.raises(ValidationError) as error:
        services.user_invite(
            invited_by=admin_user, email="x@v.example", first_name="X", last_name="Y", role=Role.VENDOR_USER
        )
    assert "vendor" in error.value.message_dict
    assert not User.objects.filter(email="x@v.example").exists()
    assert not OutboxEmail.objects.exists()


def test_invited_admin_gets_django_admin_access(admin_user: User) -> None:
    user = services.user_invite(
        invited_by=admin_user, email="it@h.example", first_name="I", last_name="T", role=Role.HOSPITAL_ADMIN
    )
    assert user.is_staff
    assert user.is_superuser


def test_the_database_refuses_a_vendor_user_without_vendor() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="orphan", role=Role.VENDOR_USER)


def test_role_change_to_hospital_drops_the_vendor(admin_user: User) -> None:
    user = VendorUserFactory()
    services.user_update(user=user, changed_by=admin_user, role=Role.HOSPITAL_STAFF)
    user.refresh_from_db()
    assert user.vendor is None
    assert user.role == Role.HOSPITAL_STAFF


def test_admins_cannot_demote_or_deactivate_themselves(admin_user: User) -> None:
    with pytest.raises(ValidationError):
        services.user_update(user=admin_user, changed_by=admin_user, role=Role.HOSPITAL_STAFF)
    with pytest.raises(ValidationError):
        services.user_deactivate(user=admin_user, deactivated_by=admin_user)
    admin_user.refresh_from_db()
    assert admin_user.is_active
    assert admin_user.role == Role.HOSPITAL_ADMIN


def test_deactivation_revokes_the_api_token(admin_user: User) -> None:
    user = UserFactory()
    Token.objects.create(user=user)
    services.user_deactivate(user=user, deactivated_by=admin_user)
    user.refresh_from_db()
    assert not user.is_active
    assert not Token.objects.filter(user=user).exists()
    services.user_reactivate(user=user, reactivated_by=admin_user)
    user.refresh_from_db()
    assert user.is_active


def test_api_token_is_stable_until_rotated() -> None:
    user = UserFactory()
    first = services.api_token_issue(user=user)
    assert services.api_token_issue(user=user).key == first.key
    rotated = services.api_token_issue(user=user, rotate=True)
    assert rotated.key != first.key
    assert Token.objects.filter(user=user).count() == 1


def test_setting_a_password_replaces_an_existing_api_token() -> None:
    user = UserFactory()
    old_key = services.api_token_issue(user=user).key

    services.user_password_set(user=user, password="a-brand-new-secret-42")

    user.refresh_from_db()
    assert user.check_password("a-brand-new-secret-42")
    new_key = Token.objects.get(user=user).key
    assert new_key != old_key
    assert not Token.objects.filter(key=old_key).exists()


def test_setting_a_password_creates_no_token_for_a_user_without_one() -> None:
    user = UserFactory()
    services.user_password_set(user=user, password="a-brand-new-secret-42")
    assert not Token.objects.filter(user=user).exists()
