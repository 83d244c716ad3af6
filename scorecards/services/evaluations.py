"""The evaluation lifecycle: a draft per vendor and period, manual scores with their reasons,
finalising (a frozen snapshot of every input and score, with its SHA-256), sharing with the
vendor, the vendor's acknowledgement or appeal per criterion, the hospital's answer, closing.
Each step locks the evaluation's row, so two admins cannot finalise it twice or score a draft
while it is being frozen."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core import limits
from core.permissions import require
from scorecards.models import Criterion, CriterionResponse, Evaluation, EvaluationTemplate, ManualScore, Method
from scorecards.models.evaluations import MONTHS_IN, PeriodKind
from scorecards.selectors.evaluations import Scorecard, live_scorecard
from scorecards.services.plans import plan_open_for_evaluation
from scorecards.services.templates import WEIGHT_TOTAL
from scorecards.snapshot import SCHEMA_VERSION, snapshot_sha256
from vendors.models import Vendor

State = Evaluation.State


def _locked(evaluation: Evaluation) -> Evaluation:
    return Evaluation.objects.select_for_update().get(pk=evaluation.pk)


def _require_draft(evaluation: Evaluation) -> None:
    if evaluation.state != State.DRAFT:
        raise ValidationError(
            f"The evaluation is {evaluation.get_state_display().lower()}: its scores are frozen and cannot change."
        )


def period_start_problem(period_kind: str, period_start: datetime.date) -> str:
    months = MONTHS_IN[PeriodKind(period_kind)]
    if period_start.day != 1 or (period_start.month - 1) % months:
        return (
            "An annual period starts on 1 January."
            if months == 12
            else "A quarter starts on 1 January, April, July or October."
        )
    if period_start not in limits.DATES:
        return f"The period lies {limits.DATES}."
    return ""


@transaction.atomic
def evaluation_create(
    *, vendor: Vendor, template: EvaluationTemplate, period_kind: str, period_start: datetime.date, by: User
) -> Evaluation:
    """A draft evaluation of ``vendor`` for one period: one per vendor, kind and start."""
    require(by, "evaluation.manage")
    problem = period_start_problem(period_kind, period_start)
    if problem:
        raise ValidationError({"period_start": problem})
    if sum(template.criteria.values_list("weight", flat=True)) != WEIGHT_TOTAL:
        raise ValidationError({"template": "The template's weights do not sum to 100 yet."})
    evaluation = Evaluation(
        vendor=vendor, template=template, period_kind=period_kind, period_start=period_start, created_by=by
    )
    if Evaluation.objects.filter(vendor=vendor, period_kind=period_kind, period_start=period_start).exists():
        raise ValidationError({"period_start": f"{vendor} already has an evaluation for {evaluation.period_label}."})
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as error:  # created by someone else meanwhile
        raise ValidationError(
            {"period_start": f"{vendor} already has an evaluation for {evaluation.period_label}."}
        ) from error
    return evaluation


@transaction.atomic
def evaluation_score_manual(
    *, evaluation: Evaluation, criterion: Criterion, score: Decimal, justification: str, by: User
) -> ManualScore:
    """Set the admin's score of a manual criterion of a draft; a justification is required."""
    require(by, "evaluation.manage", evaluation)
    evaluation = _locked(evaluation)
    _require_draft(evaluation)
    if criterion.template_id != evaluation.template_id or criterion.method != Method.MANUAL:
        raise ValidationError({"criterion": "Only the template's manual criteria are scored by hand."})
    if score is None or not Decimal(0) <= score <= Decimal(100):
        raise ValidationError({"score": "A score lies from 0 to 100."})
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError({"justification": "Say why: a manual score needs a justification."})
    limits.check_length("justification", justification, limits.NOTE_LENGTH)
    manual, _ = ManualScore.objects.update_or_create(
        evaluation=evaluation,
        criterion=criterion,
        defaults={"score": score, "justification": justification, "set_by": by},
    )
    return manual


@transaction.atomic
def evaluation_recognise(*, evaluation: Evaluation, text: str, by: User) -> Evaluation:
    """Write what went well, for the vendor; part of the snapshot, so only in a draft."""
    require(by, "evaluation.manage", evaluation)
    evaluation = _locked(evaluation)
    _require_draft(evaluation)
    limits.check_length("recognition", text, limits.NOTE_LENGTH)
    evaluation.recognition = text.strip()
    evaluation.save(update_fields=["recognition", "updated_at"])
    return evaluation


def _frozen(evaluation: Evaluation, card: Scorecard, now: datetime.datetime) -> dict[str, Any]:
    standing = card.standing
    return {
        "schema": SCHEMA_VERSION,
        "vendor": {"id": evaluation.vendor_id, "name": evaluation.vendor.name},
        "template": {"id": evaluation.template_id, "name": evaluation.template.name},
        "period": {
            "kind": evaluation.period_kind,
            "start": evaluation.period_start.isoformat(),
            "end": evaluation.period_end.isoformat(),
            "label": evaluation.period_label,
        },
        "criteria": [result.frozen() for result in card.results],
        "areas": {label: None if value is None else str(value) for label, value in card.areas.items()},
        "total": None if card.total is None else str(card.total),
        "standing": None
        if standing is None
        else {
            "name": standing.name,
            "minimum": str(standing.minimum),
            "requires_plan": standing.requires_plan,
            "consequence": standing.consequence,
            "colour": standing.colour,
        },
        "recognition": evaluation.recognition,
        "computed_at": now.isoformat(),
    }


@transaction.atomic
def evaluation_finalise(*, evaluation: Evaluation, by: User, now: datetime.datetime | None = None) -> Evaluation:
    """Freeze the draft: every input and score into the snapshot, with its SHA-256, the total and
    the standing. Only once the period has ended and every manual criterion is scored. A
    standing that requires an improvement plan opens a draft plan."""
    require(by, "evaluation.manage", evaluation)
    now = now or timezone.now()
    evaluation = _locked(evaluation)
    _require_draft(evaluation)
    if timezone.localdate(now) < evaluation.period_end:
        raise ValidationError(
            f"The period runs until {evaluation.period_end - datetime.timedelta(days=1):%Y-%m-%d}; "
            "finalise it once it has ended."
        )
    evaluation = Evaluation.objects.select_related("vendor", "template").get(pk=evaluation.pk)
    card = live_scorecard(evaluation, now=now)
    if card.missing_manual:
        raise ValidationError(f"Score every manual criterion first: {', '.join(card.missing_manual)}.")
    if card.total is None:
        raise ValidationError("Nothing could be scored for this period: there is no total to finalise.")
    evaluation.snapshot = _frozen(evaluation, card, now)
    evaluation.snapshot_sha256 = snapshot_sha256(evaluation.snapshot)
    evaluation.total = card.total
    evaluation.standing = card.standing.name if card.standing else ""
    evaluation.state = State.FINALISED
    evaluation.finalised_at, evaluation.finalised_by = now, by
    evaluation.save()
    if card.standing is not None and card.standing.requires_plan:
        plan_open_for_evaluation(evaluation=evaluation, by=by)
    return evaluation


@transaction.atomic
def evaluation_share(*, evaluation: Evaluation, by: User, now: datetime.datetime | None = None) -> Evaluation:
    """Show a finalised evaluation to the vendor in the portal."""
    require(by, "evaluation.manage", evaluation)
    evaluation = _locked(evaluation)
    if evaluation.state != State.FINALISED:
        raise ValidationError("Only a finalised evaluation, not yet shared, can be shared with the vendor.")
    evaluation.state, evaluation.shared_at = State.SHARED, now or timezone.now()
    evaluation.save(update_fields=["state", "shared_at", "updated_at"])
    return evaluation


def _snapshot_criterion(evaluation: Evaluation, criterion_id: int) -> dict[str, Any]:
    for row in evaluation.snapshot["criteria"]:
        if row["criterion_id"] == criterion_id:
            return row
    raise ValidationError({"criterion": "This evaluation has no such criterion."})


@transaction.atomic
def evaluation_respond(
    *, evaluation: Evaluation, criterion_id: int, kind: str, comment: str, by: User
) -> CriterionResponse:
    """The vendor acknowledges a criterion's score, or appeals it with a comment; once per
    criterion, while the evaluation is shared."""
    require(by, "evaluation.respond", evaluation)
    evaluation = _locked(evaluation)
    if evaluation.state != State.SHARED:
        raise ValidationError("Responses are taken while the evaluation is shared, not once it is closed.")
    _snapshot_criterion(evaluation, criterion_id)
    if kind not in CriterionResponse.Kind.values:
        raise ValidationError({"kind": "Acknowledge or appeal."})
    comment = (comment or "").strip()
    if kind == CriterionResponse.Kind.APPEAL and not comment:
        raise ValidationError({"comment": "Say why you appeal this score."})
    limits.check_length("comment", comment, limits.NOTE_LENGTH)
    if evaluation.responses.filter(criterion_id=criterion_id).exists():
        raise ValidationError({"criterion": "You have already responded on this criterion."})
    return CriterionResponse.objects.create(
        evaluation=evaluation, criterion_id=criterion_id, kind=kind, comment=comment, responded_by=by
    )


@transaction.atomic
def response_answer(
    *, response: CriterionResponse, answer: str, by: User, now: datetime.datetime | None = None
) -> CriterionResponse:
    """The hospital answers an appeal (once). The score stays as finalised."""
    require(by, "evaluation.manage", response.evaluation)
    _locked(response.evaluation)
    response = CriterionResponse.objects.select_for_update().get(pk=response.pk)
    if not response.awaits_answer:
        raise ValidationError("Only an appeal not answered yet can be answered.")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Write the answer."})
    limits.check_length("answer", answer, limits.NOTE_LENGTH)
    response.answer, response.answered_by, response.answered_at = answer, by, now or timezone.now()
    response.save(update_fields=["answer", "answered_by", "answered_at", "updated_at"])
    return response


@transaction.atomic
def evaluation_close(*, evaluation: Evaluation, by: User, now: datetime.datetime | None = None) -> Evaluation:
    """Close a shared evaluation once every appeal is answered."""
    require(by, "evaluation.manage", evaluation)
    evaluation = _locked(evaluation)
    if evaluation.state != State.SHARED:
        raise ValidationError("Only a shared evaluation can be closed.")
    if any(response.awaits_answer for response in evaluation.responses.all()):
        raise ValidationError("Answer every appeal before closing the evaluation.")
    evaluation.state, evaluation.closed_at = State.CLOSED, now or timezone.now()
    evaluation.save(update_fields=["state", "closed_at", "updated_at"])
    return evaluation
