from core.audit import register_audited
from scorecards.models import (
    Candidate,
    CandidateCost,
    CandidateScore,
    Criterion,
    CriterionResponse,
    Evaluation,
    EvaluationTemplate,
    ImprovementPlan,
    ManualScore,
    PlanItem,
    SelectionCriterion,
    SelectionProject,
    SelectionTemplate,
    Standing,
    Survey,
    SurveyQuestion,
    SurveyTemplate,
)

# Survey answers and invitations are not audited: their history would tie an answer to a person.
for model in (
    Survey,
    SurveyTemplate,
    SurveyQuestion,
    EvaluationTemplate,
    Criterion,
    Standing,
    ManualScore,
    CriterionResponse,
    ImprovementPlan,
    PlanItem,
    SelectionTemplate,
    SelectionCriterion,
    SelectionProject,
    Candidate,
    CandidateCost,
    CandidateScore,
):
    register_audited(model)
# The snapshot is written once, when the evaluation is finalised; its history shows the steps.
register_audited(Evaluation, exclude=("snapshot",))
