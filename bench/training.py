"""Training benchmarks: ``python bench/run.py --only training``.

The issue's size by default: 5,000 people, 300 courses (of ten bench vendors), a requirement
matrix of 10 courses per profession, 200,000 completions over three years (``--training-staff``,
``--training-completions`` take smaller ones on a busy machine). Generated once and kept (people
are recognised by their staff numbers' prefix). Measured: the coverage page (p50/p95 and its
queries, the same at a tenth of the people: flat means equal), the coverage grouped by course,
a transcript, and completions recorded through the API in batches of 10,000.
"""

import datetime
import json
import random
import time
from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import Profession, StaffMember, User
from training.models import Completion, Course, Delivery, Level, Requirement
from vendors.models import Vendor

PREFIX = "BENCH-T-"
VENDORS = 10
COURSES = 300
PER_PROFESSION = 10
SITES = ("Main campus", "North clinic", "South clinic", "Outpatient clinics")
DEPARTMENTS = ("Radiology", "CT", "MRI", "X-ray", "Emergency", "IT", "Reception")


def _courses() -> list[int]:
    have = list(Course.objects.filter(title__startswith=PREFIX).order_by("pk").values_list("pk", flat=True))
    if len(have) >= COURSES:
        return have[:COURSES]
    vendors = [
        Vendor.objects.get_or_create(name=f"{PREFIX}vendor {n}", defaults={"kind": Vendor.Kind.PACS})[0]
        for n in range(VENDORS)
    ]
    Course.objects.bulk_create(
        Course(
            title=f"{PREFIX}course {n}",
            vendor=vendors[n % VENDORS],
            delivery=Delivery.E_LEARNING,
            audience=[Profession.values[n % len(Profession.values)]],
            duration_minutes=60,
        )
        for n in range(len(have), COURSES)
    )
    return list(Course.objects.filter(title__startswith=PREFIX).order_by("pk").values_list("pk", flat=True))


def _matrix(courses: list[int]) -> None:
    today = timezone.localdate()
    for index, profession in enumerate(Profession.values):
        for n in range(PER_PROFESSION):
            Requirement.objects.get_or_create(
                profession=profession,
                course_id=courses[(index * PER_PROFESSION + n) % len(courses)],
                defaults={
                    "level": Level.MANDATORY if n < 7 else Level.RECOMMENDED,
                    "due_within_days": 60,
                    "refresher_months": 24 if n % 3 == 0 else None,
                    "effective_from": today - datetime.timedelta(days=1100),
                },
            )


def _people(count: int) -> list[int]:
    have = StaffMember.objects.filter(staff_number__startswith=PREFIX).count()
    today = timezone.localdate()
    StaffMember.objects.bulk_create(
        StaffMember(
            staff_number=f"{PREFIX}{n}",
            name=f"Bench person {n}",
            email=f"bench.person.{n}@bench.hospital.example",
            profession=Profession.values[n % len(Profession.values)],
            department=DEPARTMENTS[n % len(DEPARTMENTS)],
            site=SITES[n % len(SITES)],
            start_date=today - datetime.timedelta(days=30 + (n * 37) % 4000),
        )
        for n in range(have, count)
    )
    return list(
        StaffMember.objects.filter(staff_number__startswith=PREFIX).order_by("pk").values_list("pk", flat=True)
    )[:count]


def _completions(people: list[int], courses: list[int], count: int) -> None:
    have = Completion.objects.filter(course__title__startswith=PREFIX).count()
    if have >= count:
        return
    rng = random.Random(200_000)
    today = timezone.localdate()
    required = list(Requirement.objects.filter(course_id__in=courses).values_list("profession", "course_id"))
    by_profession: dict[str, list[int]] = {}
    for profession, course in required:
        by_profession.setdefault(profession, []).append(course)
    professions = dict(StaffMember.objects.filter(pk__in=people).values_list("pk", "profession"))
    rows = set()
    while len(rows) < count - have:
        person = rng.choice(people)
        pool = by_profession.get(professions[person]) if rng.random() < 0.8 else None
        course = rng.choice(pool or courses)
        rows.add((person, course, today - datetime.timedelta(days=rng.randrange(1, 1100))))
    Completion.objects.bulk_create(
        (Completion(person_id=p, course_id=c, completed_on=d, source="import") for p, c, d in rows),
        batch_size=5000,
        ignore_conflicts=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Completion._meta.db_table}")


def prepare(staff: int, completions: int) -> tuple[list[int], list[int]]:
    courses = _courses()
    _matrix(courses)
    people = _people(staff)
    _completions(people, courses, completions)
    return people, courses


def bulk_rate(user: User, people: list[int], courses: list[int], *, batch: int = 10_000, requests: int = 3) -> float:
    """Completions per second through ``POST /api/v1/training-completions/`` (new ones only: the
    day is today, which the generated history never uses; removed afterwards)."""
    token, _ = Token.objects.get_or_create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    numbers = dict(StaffMember.objects.filter(pk__in=people).values_list("pk", "staff_number"))
    today = timezone.localdate().isoformat()
    rng = random.Random(7)
    bodies = []
    for r in range(requests):
        items = {(numbers[rng.choice(people)], courses[(r * batch + n) % len(courses)]) for n in range(batch * 2)}
        bodies.append(
            json.dumps(
                {
                    "completions": [
                        {"course": course, "staff_number": number, "completed_on": today}
                        for number, course in list(items)[:batch]
                    ]
                }
            )
        )
    _forget_today(courses)
    elapsed = 0.0
    try:
        for body in bodies:
            began = time.perf_counter()
            response = client.post("/api/v1/training-completions/", body, content_type="application/json")
            elapsed += time.perf_counter() - began
            assert response.status_code == 201, response.content[:500]
    finally:
        _forget_today(courses)
    return batch * requests / elapsed


def _forget_today(courses: list[int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Completion._meta.db_table} WHERE course_id = ANY(%s) AND completed_on = %s",  # noqa: S608
            [courses, timezone.localdate()],
        )


def rows(
    client: Client,
    *,
    staff: int,
    completions: int,
    requests: int,
    timings: Callable[[Client, str, int], tuple[float, float]],
    queries: Callable[[Client, str], int],
) -> list[tuple[str, str, str]]:
    """(measure, figure, goal) rows; ``timings`` and ``queries`` are bench/run.py's ``measure``
    and ``count_queries``."""
    started = time.perf_counter()
    people, courses = prepare(staff, completions)
    prepared = time.perf_counter() - started
    size = (
        f"{len(people):,} people, {len(courses)} courses, "
        f"{Completion.objects.filter(course_id__in=courses).count():,} completions"
    )
    results = [("data: " + size, f"ready in {prepared:.0f} s", "-")]
    pages = [
        ("coverage page, by profession (all people)", "/training/", "p95 < 200 ms"),
        ("coverage page, by course, both levels", "/training/?group_by=course&level=all", "p95 < 200 ms"),
        ("coverage page, one department", f"/training/?department={DEPARTMENTS[1]}", "p95 < 200 ms"),
        ("transcript of one person", f"/training/people/{people[len(people) // 2]}/", "p95 < 100 ms"),
    ]
    for label, path, goal in pages:
        p50, p95 = timings(client, path, requests)
        results.append((label, f"p50 {p50:.0f} ms, p95 {p95:.0f} ms, {queries(client, path)} queries", goal))
    rate = bulk_rate(User.objects.get(username="bench-admin"), people, courses)
    results.append(("completions recorded through the API, 3 x 10,000", f"{rate:,.0f} rows/s", ">= 2,000 rows/s"))
    return results
