"""Vendor selection benchmark: the side-by-side page of one selection project with
``--selection-candidates`` candidates (50 by default), each scored on every criterion of the demo
selection template by ``--selection-evaluators`` evaluators with a note, and five years of quoted
costs. The page reads the criteria, the candidates, the score means and the costs in a fixed number
of queries, whatever the number of candidates."""

import argparse
import os
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import Client

from core.roles import Role
from devtools.demo.scorecards_selection import selection_criteria
from scorecards.models import Candidate, CandidateCost, CandidateScore, SelectionProject, SelectionTemplate
from scorecards.services.selection import selection_template_save

PROJECT = "Bench selection"


def _project(admin: object, candidates: int, evaluators: int) -> SelectionProject:
    template = SelectionTemplate.objects.filter(name=PROJECT).first() or selection_template_save(
        template=SelectionTemplate(name=PROJECT), criteria=selection_criteria(), by=admin
    )
    project, _ = SelectionProject.objects.get_or_create(name=PROJECT, defaults={"template": template})
    if project.candidates.count() == candidates:
        return project
    project.candidates.all().delete()
    users = [
        get_user_model().objects.get_or_create(
            username=f"bench-evaluator-{index}", defaults={"role": Role.HOSPITAL_STAFF}
        )[0]
        for index in range(evaluators)
    ]
    rows = Candidate.objects.bulk_create(
        Candidate(project=project, name=f"Candidate {index:03}", summary="Bench") for index in range(candidates)
    )
    criteria = list(template.criteria.all())
    CandidateScore.objects.bulk_create(
        CandidateScore(
            candidate=candidate,
            criterion=criterion,
            evaluator=user,
            score=(position * 7 + number * 13 + index * 3) % 101,
            note="Reference call: similar-sized hospital, satisfied with the rollout.",
        )
        for position, candidate in enumerate(rows)
        for number, criterion in enumerate(criteria)
        for index, user in enumerate(users)
    )
    CandidateCost.objects.bulk_create(
        CandidateCost(
            candidate=candidate,
            year=year,
            licence=Decimal(100_000 + position * 1000) if year == 1 else Decimal(0),
            support=Decimal(20_000),
            hardware=Decimal(40_000) if year in (1, 4) else Decimal(0),
            services=Decimal(15_000) if year == 1 else Decimal(2_000),
        )
        for position, candidate in enumerate(rows)
        for year in range(1, 6)
    )
    return project


def rows(client: Client, args: argparse.Namespace) -> tuple[list[tuple[str, str, str]], str]:
    from bench.run import count_queries, measure

    admin = get_user_model().objects.get(username="bench-admin")
    small = _project(admin, 3, args.selection_evaluators)
    path = f"/scorecards/selection/{small.pk}/"
    queries_small = count_queries(client, path)
    project = _project(admin, args.selection_candidates, args.selection_evaluators)
    queries = count_queries(client, path)
    p50, p95 = measure(client, path, args.requests)
    scores = CandidateScore.objects.filter(candidate__project=project).count()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    result = [
        (
            f"selection side-by-side page, {args.selection_candidates} candidates, "
            f"{args.selection_evaluators} evaluators ({scores:,} scores with notes), five-year costs",
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries ({queries_small} at 3 candidates)",
            "p95 < 200 ms",
        ),
    ]
    for measure_label, figure, goal in result:
        print(f"{measure_label:<100} {figure:<50} goal {goal}")
    caption = f"Vendor selection: {args.requests} requests; load average before the run {load} (1, 5, 15 min)."
    return result, caption
