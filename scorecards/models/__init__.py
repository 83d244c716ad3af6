# Django discovers an app's models in ``<app>.models``: this package re-exports its modules' model
# classes (and their choices) so ``from scorecards.models import Evaluation`` works. The one place
# in the project where ``__init__.py`` holds code (docs/architecture.md).
from scorecards.models.evaluations import CriterionResponse, Evaluation, ManualScore, PeriodKind, Standing
from scorecards.models.plans import ImprovementPlan, PlanItem, PlanItemCheck
from scorecards.models.selection import (
    Candidate,
    CandidateCost,
    CandidateScore,
    SelectionArea,
    SelectionCriterion,
    SelectionProject,
    SelectionTemplate,
)
from scorecards.models.surveys import (
    Survey,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyTemplate,
)
from scorecards.models.templates import Area, Criterion, EvaluationTemplate, Measure, Method, Rule

__all__ = [
    "Area",
    "Candidate",
    "CandidateCost",
    "CandidateScore",
    "Criterion",
    "CriterionResponse",
    "Evaluation",
    "EvaluationTemplate",
    "ImprovementPlan",
    "ManualScore",
    "Measure",
    "Method",
    "PeriodKind",
    "PlanItem",
    "PlanItemCheck",
    "Rule",
    "SelectionArea",
    "SelectionCriterion",
    "SelectionProject",
    "SelectionTemplate",
    "Standing",
    "Survey",
    "SurveyAnswer",
    "SurveyInvitation",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyTemplate",
]
