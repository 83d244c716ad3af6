import factory

from accounts.models import User
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
