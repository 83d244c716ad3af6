"""The standings totals fall into: the hospital's own bands, covering 0 to 100 without a gap."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.permissions import require
from scorecards import scoring
from scorecards.models import Standing


@dataclass
class StandingInput:
    name: str
    minimum: Decimal
    requires_plan: bool = False
    consequence: str = ""
    colour: str = Standing.Colour.PRIMARY


@transaction.atomic
def standings_replace(*, levels: list[StandingInput], by: User) -> list[Standing]:
    """Replace every standing with ``levels``; refused unless one starts at 0, none repeats a
    minimum and each lies from 0 to 100 (so every total has exactly one standing). Finalised
    evaluations keep the standing they were given."""
    require(by, "scorecard.configure")
    problem = scoring.standings_problem([scoring.Level(level.name, level.minimum) for level in levels])
    if problem:
        raise ValidationError({"standings": [problem]})
    Standing.objects.all().delete()
    saved = []
    for level in levels:
        standing = Standing(**vars(level))
        standing.full_clean()
        standing.save()
        saved.append(standing)
    return saved
