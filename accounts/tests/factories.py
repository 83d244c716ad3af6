import datetime

import factory

from accounts.models import Profession, StaffMember, User
from core.roles import Role
from core.testing.registry import register_test_object

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@hospital.example")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User {n}")
    role = Role.HOSPITAL_STAFF
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class HospitalAdminFactory(UserFactory):
    role = Role.HOSPITAL_ADMIN
    is_staff = True
    is_superuser = True


class VendorUserFactory(UserFactory):
    role = Role.VENDOR_USER
    vendor = factory.SubFactory("vendors.tests.factories.VendorFactory")
    email = factory.LazyAttribute(lambda o: f"{o.username}@vendor.example")


@register_test_object(User)
def make_user(*, vendor: object, user: User, marker: str) -> User:
    return VendorUserFactory(vendor=vendor, first_name=marker, last_name="colleague")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    name = factory.Sequence(lambda n: f"Staff Member {n}")
    profession = Profession.RADIOGRAPHER
    department = "Radiology"
    site = "Main campus"
    email = factory.Sequence(lambda n: f"staff{n}@hospital.example")
    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    start_date = factory.LazyFunction(lambda: datetime.date(2020, 1, 6))


@register_test_object(StaffMember)
def make_staff_member(*, vendor: object, user: object, marker: str) -> StaffMember:
    return StaffMemberFactory(name=f"{marker} colleague")
