"""Demo logins, one per role, plus a vendor user for each demo vendor."""

from accounts.models import User
from core.roles import Role
from devtools.demo import accounts_staff
from devtools.seeding import DemoLogin, DemoSeeder
from vendors.models import Vendor

HOSPITAL_USERS = [
    ("admin", "pacs-admin-demo", Role.HOSPITAL_ADMIN, "Petra", "Lindqvist", "PACS administrator"),
    ("radiologist", "pacs-staff-demo", Role.HOSPITAL_STAFF, "Anna", "Weber", "Consultant radiologist"),
    ("technologist", "pacs-staff-demo", Role.HOSPITAL_STAFF, "Marco", "Rossi", "CT technologist"),
]
VENDOR_USERS = [
    ("meridian", "Meridian Imaging Systems", "Tobias", "Wagner", "Account manager"),
    ("archivault", "Archivault Health", "Sophie", "Keller", "Account manager"),
    ("lumen", "Lumen Diagnostics AI", "Ruben", "Bakker", "Account manager"),
]
VENDOR_PASSWORD = "pacs-vendor-demo"  # noqa: S105 - a published demo login


def _ensure_user(demo: DemoSeeder, username: str, password: str, **fields: object) -> User:
    role = fields["role"]
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            **fields,
            "email": f"{username}@hospital.example" if role != Role.VENDOR_USER else f"{username}@vendor.example",
            "is_staff": role == Role.HOSPITAL_ADMIN,
            "is_superuser": role == Role.HOSPITAL_ADMIN,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    demo.count_created("users", created)
    return user


def seed(demo: DemoSeeder) -> None:
    for username, password, role, first, last, title in HOSPITAL_USERS:
        _ensure_user(demo, username, password, role=role, first_name=first, last_name=last, job_title=title)
        demo.add_login(DemoLogin(username, password, Role(role).label, title))
    for username, vendor_name, first, last, title in VENDOR_USERS:
        vendor = Vendor.objects.get(name=vendor_name)
        _ensure_user(
            demo, username, VENDOR_PASSWORD, role=Role.VENDOR_USER, vendor=vendor, first_name=first, last_name=last
        )
        demo.add_login(DemoLogin(username, VENDOR_PASSWORD, Role.VENDOR_USER.label, f"{title}, {vendor_name}"))
    accounts_staff.seed(demo)
