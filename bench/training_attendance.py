"""Bulk attendance benchmark: ``python bench/run.py --only training-attendance``.

Past sessions of the training benchmark's vendor courses (which end with a quiz), 20 seats
each, filled from the training benchmark's people (``--attendance-rows`` seats in all, made
once and kept). Measured: ``POST /api/v1/training-sessions/attendance/`` with batches of
``--attendance-batch`` rows (attended with a quiz score, a tenth no-show), each recording the
completions and queuing the feedback requests; the rows are put back (enrolled, no completion,
no feedback, no mail) before and after, so a run can be repeated.
"""

import datetime
import json
import os
import time

from django.db import transaction
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import User
from bench.training import PREFIX, _courses, _people
from notifications.models import OutboxEmail
from training.models import Completion, Course, Enrolment, Session, SessionFeedback, Source

SEATS = 20


def _seats(total: int, people: list[int], courses: list[int]) -> list[int]:
    """Enrolment ids on past bench sessions, ``total`` of them (sessions made as needed)."""
    mine = Enrolment.objects.filter(session__note=f"{PREFIX}attendance").order_by("pk")
    have = mine.count()
    if have < total:
        Course.objects.filter(pk__in=courses).update(has_quiz=True, quiz_pass_mark=70)
        start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
        made = Session.objects.filter(note=f"{PREFIX}attendance").count()
        needed = (total - have + SEATS - 1) // SEATS
        sessions = Session.objects.bulk_create(
            Session(
                course_id=courses[(made + n) % len(courses)],
                starts_at=start - datetime.timedelta(hours=made + n),
                ends_at=start - datetime.timedelta(hours=made + n) + datetime.timedelta(minutes=90),
                location="Bench room",
                capacity=SEATS,
                note=f"{PREFIX}attendance",
            )
            for n in range(needed)
        )
        Enrolment.objects.bulk_create(
            Enrolment(
                session=session,
                person_id=people[(index * SEATS + seat) % len(people)],
                enrolled_at=session.starts_at - datetime.timedelta(days=7),
            )
            for index, session in enumerate(sessions)
            for seat in range(SEATS)
        )
    return list(mine.values_list("pk", flat=True)[:total])


@transaction.atomic
def _reset(ids: list[int]) -> None:
    """The seats as before a run: enrolled, no quiz score, no completion, no feedback, no mail."""
    rows = Enrolment.objects.filter(pk__in=ids)
    SessionFeedback.objects.filter(enrolment__in=rows).delete()
    triples = set(rows.values_list("person_id", "session__course_id", "session__starts_at"))
    days = {timezone.localtime(start).date() for _, _, start in triples}
    Completion.objects.filter(
        person_id__in={p for p, _, _ in triples},
        course_id__in={c for _, c, _ in triples},
        completed_on__in=days,
        source=Source.SESSION,
    ).delete()
    OutboxEmail.objects.filter(subject__startswith="Your feedback: " + PREFIX).delete()
    rows.update(status=Enrolment.Status.ENROLLED, quiz_score=None)


def rows(*, total: int, batch: int) -> tuple[list[tuple[str, str, str]], str]:
    courses = _courses()
    people = _people(5_000)
    ids = _seats(total, people, courses)
    user = User.objects.get(username="bench-admin")
    token, _ = Token.objects.get_or_create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    bodies = [
        json.dumps(
            {
                "attendance": [
                    {"enrolment": pk, "status": "no_show"}
                    if n % 10 == 9
                    else {"enrolment": pk, "status": "attended", "quiz_score": 40 + n % 61}
                    for n, pk in enumerate(ids[start : start + batch])
                ]
            }
        )
        for start in range(0, len(ids), batch)
    ]
    _reset(ids)
    # One refused request first: the process's first request loads the URLconfs, not timed.
    client.post("/api/v1/training-sessions/attendance/", '{"attendance": []}', content_type="application/json")
    elapsed = 0.0
    try:
        for body in bodies:
            began = time.perf_counter()
            response = client.post("/api/v1/training-sessions/attendance/", body, content_type="application/json")
            elapsed += time.perf_counter() - began
            assert response.status_code == 200, response.content[:500]
        stored = Enrolment.objects.filter(pk__in=ids, status=Enrolment.Status.ATTENDED).count()
    finally:
        _reset(ids)
    load = ", ".join(f"{figure:.2f}" for figure in os.getloadavg())
    rate = len(ids) / elapsed
    results = [
        (
            f"bulk attendance through the API, {len(bodies)} x {batch:,} rows ({stored:,} attended)",
            f"{rate:,.0f} rows/s",
            ">= 2,000 rows/s",
        ),
        ("load average (1, 5, 15 min) after the run", load, "-"),
    ]
    caption = (
        "Training: attendance and quiz scores of many sessions in one API request, with completions "
        "and feedback requests (in process)."
    )
    return results, caption
