"""Staff-survey benchmark: ``--survey-responses`` people (2,000 by default) of the staff directory
answer one survey through their signed one-use links, ``--survey-clients`` at a time (20), each
link a GET of the form then a POST of the answers through Django's full stack, in threads with a
database connection each. Every link must answer its thanks page and store one response; a link
used a second time must be refused and store nothing."""

import argparse
import datetime
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.utils import timezone

from accounts.models import Profession, StaffMember
from scorecards.models import Survey, SurveyInvitation, SurveyResponse, SurveyTemplate
from scorecards.services.surveys import invitation_token, survey_create, survey_send, survey_template_save
from vendors.models import Vendor

QUESTIONS = ["Support answers quickly", "Fixes hold", "Updates are announced in time"]
PROFESSIONS = [Profession.RADIOLOGIST, Profession.RADIOGRAPHER, Profession.IT, Profession.ADMINISTRATIVE]


def _survey(admin: object, people: int) -> Survey:
    """A new survey of a new bench vendor, sent to ``people`` new staff members of its own department."""
    stamp = time.strftime("%Y%m%d%H%M%S")
    department = f"Bench survey {stamp}"
    StaffMember.objects.bulk_create(
        StaffMember(
            name=f"Bench person {index}",
            profession=PROFESSIONS[index % len(PROFESSIONS)],
            department=department,
            email=f"bench-{stamp}-{index}@hospital.example",
        )
        for index in range(people)
    )
    template = SurveyTemplate.objects.filter(name="Bench staff satisfaction").first() or survey_template_save(
        template=SurveyTemplate(name="Bench staff satisfaction"), questions=QUESTIONS, by=admin
    )
    vendor = Vendor.objects.create(name=f"Bench survey vendor {stamp}")
    survey = survey_create(
        vendor=vendor,
        template=template,
        period_kind="annual",
        period_start=datetime.date(timezone.localdate().year - 1, 1, 1),
        closes_at=timezone.now() + datetime.timedelta(days=14),
        professions=[],
        department=department,
        by=admin,
    )
    return survey_send(survey=survey, by=admin)


def _answer(path: str, questions: list[int], seed: int) -> tuple[float, bool]:
    """One person: open the link, post the answers. (seconds, whether the thanks page came back)"""
    client = Client()
    started = time.perf_counter()
    try:
        shown = client.get(path)
        answers = {f"q{question}": str(1 + (seed + offset) % 5) for offset, question in enumerate(questions)}
        answers["comment"] = "Bench comment" if seed % 10 == 0 else ""
        answered = client.post(path, answers)
        ok = shown.status_code == 200 and answered.status_code == 200 and b"are recorded" in answered.content
    finally:
        connection.close()  # each thread's own connection
    return time.perf_counter() - started, ok


def rows(args: argparse.Namespace) -> tuple[list[tuple[str, str, str]], str]:
    admin = get_user_model().objects.get(username="bench-admin")
    survey = _survey(admin, args.survey_responses)
    questions = list(survey.template.questions.order_by("position").values_list("pk", flat=True))
    invitations = list(SurveyInvitation.objects.filter(survey=survey).select_related("survey").order_by("pk"))
    paths = [f"/scorecards/surveys/answer/{invitation_token(invitation)}/" for invitation in invitations]
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.survey_clients) as pool:
        results = list(pool.map(_answer, paths, [questions] * len(paths), range(len(paths))))
    elapsed = time.perf_counter() - started
    failed = sum(1 for _, ok in results if not ok)
    stored = SurveyResponse.objects.filter(survey=survey).count()
    again = Client().post(paths[0], {f"q{question}": "5" for question in questions})
    refused = b"are recorded" not in again.content and SurveyResponse.objects.filter(survey=survey).count() == stored
    timings = sorted(seconds * 1000 for seconds, _ in results)
    p95 = timings[int(len(timings) * 0.95) - 1]
    result = [
        (
            f"{len(paths):,} survey responses through their links, {args.survey_clients} concurrent clients "
            "(GET the form, POST the answers)",
            f"{failed} errors, {stored:,} stored, {len(paths) / elapsed:.0f} answers/s, "
            f"median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms per person; "
            f"a link used twice {'refused' if refused else 'ACCEPTED'}",
            "no error",
        ),
    ]
    for measure_label, figure, goal in result:
        print(f"{measure_label:<100} {figure:<80} goal {goal}")
    caption = f"Staff surveys: one survey sent to {len(paths):,} people; load average before the run {load}."
    return result, caption
