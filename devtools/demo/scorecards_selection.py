"""Demo vendor selection: a selection template over the seed article's list (capabilities,
references, case studies, demonstrations, R&D and roadmap, five-year cost), and one open selection
of a second AI vendor (fracture detection) with three candidates, scored by the admin, a
radiologist and a technologist with their notes, and quoted five years of cost. Left open: the
walk-through records the decision, and the chosen candidate becomes a vendor."""

from decimal import Decimal

from django.contrib.auth import get_user_model

from devtools.seeding import DemoSeeder
from scorecards.models import Candidate, SelectionArea, SelectionProject, SelectionTemplate
from scorecards.services.selection import (
    CostInput,
    ScoreInput,
    SelectionCriterionInput,
    candidate_costs_save,
    candidate_save,
    candidate_score,
    selection_template_save,
)

TEMPLATE = "Vendor selection"
PROJECT = "Fracture-detection AI"

# name, website, contact, summary, base score per evaluator (admin, radiologist, technologist),
# year-one licence, yearly support, hardware, services
CANDIDATES = [
    (
        "Osteon Vision",
        "https://osteon.example.com",
        ("Lena Brandt", "lena.brandt@osteon.example.com", "+49 30 5550 1201"),
        "CE-marked fracture detection on radiographs; on-premises inference server; 40 European sites.",
        (82, 78, 74),
        (Decimal(60000), Decimal(12000), Decimal(18000), Decimal(9000)),
    ),
    (
        "Radiant Bone AI",
        "https://radiantbone.example.com",
        ("Jonas Eklund", "jonas@radiantbone.example.com", "+46 8 5550 3300"),
        "Cloud service; adds bone-age and spine; references mostly from large university hospitals.",
        (71, 80, 66),
        (Decimal(45000), Decimal(15000), Decimal(0), Decimal(6000)),
    ),
    (
        "FractureFinder",
        "https://fracturefinder.example.com",
        ("Mia Laurent", "mia.laurent@fracturefinder.example.com", "+33 1 5550 4400"),
        "Start-up; strong demonstration, thin roadmap and one reference site.",
        (58, 64, 61),
        (Decimal(30000), Decimal(9000), Decimal(12000), Decimal(4000)),
    ),
]
# Per criterion, how each candidate's notes read (by candidate order) and a shift of its score.
NOTES = {
    "Capabilities against the requirements": ("Meets 11 of 12 requirements", "Meets 10 of 12", "Meets 8 of 12"),
    "References from similar-sized hospitals": (
        "Two 600-bed hospitals called: satisfied, fast go-live",
        "References are university hospitals; one similar-sized site",
        "One pilot site only",
    ),
    "Case studies": ("Published sensitivity study", "Vendor white paper", "None yet"),
    "Demonstration on our images": ("Found 9 of 10 test fractures", "Found 8 of 10", "Found 9 of 10, slow"),
    "R&D and roadmap": ("Spine and chest on the 2027 roadmap", "Clear roadmap, large R&D team", "No roadmap shared"),
    "Five-year cost of ownership": ("Hardware refresh in year 4", "Lowest hardware, highest support", "Cheapest"),
}


def selection_criteria() -> list[SelectionCriterionInput]:
    return [
        SelectionCriterionInput(
            SelectionArea.CAPABILITIES, "Capabilities against the requirements", 25, "The requirement list"
        ),
        SelectionCriterionInput(
            SelectionArea.REFERENCES, "References from similar-sized hospitals", 20, "Call at least two"
        ),
        SelectionCriterionInput(SelectionArea.CASE_STUDIES, "Case studies", 10),
        SelectionCriterionInput(SelectionArea.DEMONSTRATIONS, "Demonstration on our images", 20),
        SelectionCriterionInput(SelectionArea.ROADMAP, "R&D and roadmap", 10),
        SelectionCriterionInput(SelectionArea.COST, "Five-year cost of ownership", 15, "Transparent pricing"),
    ]


def seed(demo: DemoSeeder, admin: object) -> None:
    if SelectionProject.objects.filter(name=PROJECT).exists():
        return
    template = SelectionTemplate.objects.filter(name=TEMPLATE).first() or selection_template_save(
        template=SelectionTemplate(
            name=TEMPLATE, description="Before any contract: track record, references, expertise, R&D, pricing."
        ),
        criteria=selection_criteria(),
        by=admin,
    )
    project = SelectionProject.objects.create(
        name=PROJECT,
        template=template,
        vendor_kind="ai",
        requirements="Flags fractures on emergency radiographs within 2 minutes; results as DICOM SR and a "
        "secondary capture in the PACS; runs on site or in an EU cloud; CE class IIa.",
    )
    demo.count_created("selection projects", True)
    User = get_user_model()
    evaluators = [admin, *User.objects.filter(username__in=["radiologist", "technologist"]).order_by("username")]
    criteria = list(template.criteria.all())
    for position, (name, website, contact, summary, bases, (licence, support, hardware, services)) in enumerate(
        CANDIDATES
    ):
        candidate = candidate_save(
            candidate=Candidate(
                project=project,
                name=name,
                website=website,
                contact_name=contact[0],
                contact_email=contact[1],
                contact_phone=contact[2],
                summary=summary,
            ),
            by=admin,
        )
        for evaluator, base in zip(evaluators, bases, strict=False):
            scores = [
                ScoreInput(
                    criterion.pk,
                    max(0, min(100, base + (number % 3) * 4 - 4)),
                    NOTES[criterion.name][position] if evaluator == admin else "",
                )
                for number, criterion in enumerate(criteria)
            ]
            candidate_score(candidate=candidate, scores=scores, by=evaluator)
        candidate_costs_save(
            candidate=candidate,
            years=[
                CostInput(
                    year,
                    licence if year == 1 else licence / 10,
                    support,
                    hardware if year in (1, 4) else Decimal(0),
                    services if year == 1 else Decimal(2000),
                )
                for year in range(1, 6)
            ],
            by=admin,
        )
