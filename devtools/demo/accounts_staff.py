"""The demo staff directory: sixty colleagues of the imaging department over three sites, as the
HR export would bring them in, two of them the demo logins. Idempotent (matched on staff number)."""

import datetime
import random

from django.utils import timezone

from accounts.models import Profession, StaffMember, User
from devtools.seeding import DemoSeeder

FIRST = ("Anna", "Marco", "Lena", "Jonas", "Amira", "Eva", "Noor", "Tom", "Ines", "Karl", "Maja", "Omar", "Rita")
LAST = ("Weber", "Rossi", "Berg", "Haddad", "Novak", "Keller", "Ali", "Fischer", "Moreau", "Lind", "Sato", "Costa")
# profession: how many, departments
TEAMS = {
    Profession.RADIOLOGIST: (16, ("Radiology", "Neuroradiology", "Emergency radiology")),
    Profession.RADIOGRAPHER: (26, ("CT", "MRI", "X-ray", "Emergency radiology")),
    Profession.ADMINISTRATIVE: (9, ("Radiology reception", "Scheduling")),
    Profession.IT: (4, ("Clinical IT",)),
    Profession.PACS_ADMIN: (3, ("Clinical IT",)),
    Profession.OTHER: (2, ("Physics",)),
}
SITES = ("Main campus", "Main campus", "North clinic", "Outpatient clinics")
# Demo logins who are in the directory too: username -> (staff number, profession)
LOGINS = {"radiologist": ("H-1001", Profession.RADIOLOGIST), "technologist": ("H-1017", Profession.RADIOGRAPHER)}


def staff_rows(today: datetime.date) -> list[dict]:
    rng = random.Random(14)  # noqa: S311 - reproducible demo data
    rows, number = [], 1001
    for profession, (count, departments) in TEAMS.items():
        for n in range(count):
            name = f"{FIRST[number % len(FIRST)]} {LAST[(number // len(FIRST)) % len(LAST)]}"  # no two alike
            # Most were there for years; a few joined in the last months (onboarding due).
            days = rng.randrange(20, 120) if n % 6 == 5 else rng.randrange(400, 9000)
            rows.append(
                {
                    "staff_number": f"H-{number}",
                    "name": name,
                    "email": f"{name.lower().replace(' ', '.')}.{number}@hospital.example",
                    "profession": profession,
                    "department": departments[n % len(departments)],
                    "site": SITES[(number + n) % len(SITES)],
                    "start_date": today - datetime.timedelta(days=days),
                    "active": n % 13 != 12,
                }
            )
            number += 1
    return rows


def seed(demo: DemoSeeder) -> None:
    today = timezone.localdate()
    for row in staff_rows(today):
        staff_number = row.pop("staff_number")
        _, created = StaffMember.objects.get_or_create(staff_number=staff_number, defaults=row)
        demo.count_created("staff members", created)
    for username, (staff_number, _) in LOGINS.items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            StaffMember.objects.filter(staff_number=staff_number, user__isnull=True).update(
                user=user, name=user.get_full_name(), email=user.email
            )
