"""Staff surveys: a reusable template of questions on a 1 to 5 scale (plus a free-text prompt),
and a survey per vendor and period sent to an audience of the staff directory. Each person
invited gets a signed one-use link; an answer is stored apart from the invitation (profession
and day only), so no report can tie an answer to a person. Free text is the hospital admins'."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import HospitalOnlyQuerySet, VendorOwnedModel
from scorecards.models.evaluations import PeriodKind

LIKERT = limits.Range(1, 5)
REMIND_DAYS = limits.Range(0, 60)
DEFAULT_REMIND_DAYS = 3


class SurveyTemplate(models.Model):
    """Questions asked again and again: each survey names the template it asks."""

    name = models.CharField(max_length=120, unique=True)
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    comment_prompt = models.CharField(
        max_length=200,
        blank=True,
        default="Anything else you would like to tell us about this vendor?",
        help_text="The free-text question at the end (empty: none).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "survey template"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("scorecards:surveytemplate_detail", kwargs={"pk": self.pk})


class SurveyQuestion(models.Model):
    """One statement answered from 1 (strongly disagree) to 5 (strongly agree)."""

    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)

    class Meta:
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "text"], name="scorecards_survey_question_once"),
        ]

    def __str__(self) -> str:
        return self.text


class Survey(VendorOwnedModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for answers"
        CLOSED = "closed", "Closed"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="surveys")
    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="surveys")
    period_kind = models.CharField(max_length=9, choices=PeriodKind.choices, default=PeriodKind.ANNUAL)
    period_start = models.DateField(
        validators=limits.value_range(limits.DATES), help_text="The first day of the year or quarter asked about."
    )
    closes_at = models.DateTimeField(help_text="Answers are taken until then.")
    remind_days_before = models.PositiveSmallIntegerField(
        "remind days before closing",
        default=DEFAULT_REMIND_DAYS,
        validators=limits.value_range(REMIND_DAYS),
        help_text="Those who have not answered are reminded once, this many days before it closes (0: never).",
    )
    professions = models.JSONField(default=list, blank=True, help_text="Who is asked (empty: every profession).")
    department = models.CharField(max_length=120, blank=True, help_text="Only this department (empty: all).")
    site = models.CharField(max_length=120, blank=True, help_text="Only this site (empty: all).")
    state = models.CharField(max_length=6, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "vendor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "period_kind", "period_start"], name="scorecards_one_survey_per_period"
            ),
            limits.range_check("remind_days_before", REMIND_DAYS, label="Days before closing to remind"),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} · staff survey {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("scorecards:survey_detail", kwargs={"pk": self.pk})

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return ~Q(state=cls.State.DRAFT)

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.QUARTERLY:
            return f"{self.period_start.year} Q{(self.period_start.month - 1) // 3 + 1}"
        return str(self.period_start.year)


class SurveyInvitation(models.Model):
    """One person asked: their one-use link stands for this row. Whether they answered is kept,
    never what they answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    staff_member = models.ForeignKey(
        "accounts.StaffMember", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField()
    profession = models.CharField(max_length=20)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, help_text="When the one reminder went out.")

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "staff_member"], name="scorecards_invited_once"),
        ]

    def __str__(self) -> str:
        return f"{self.survey}: invitation {self.pk}"


class SurveyResponse(models.Model):
    """One set of answers: the respondent's profession and the day, nothing that names them."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    profession = models.CharField(max_length=20)
    answered_on = models.DateField()
    comment = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["survey", "answered_on", "pk"]
        indexes = [models.Index(fields=["survey", "profession"])]

    def __str__(self) -> str:
        return f"{self.survey}: response {self.pk}"


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(validators=limits.value_range(LIKERT))

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="scorecards_answer_once"),
            limits.range_check("score", LIKERT, label="An answer"),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.score}"
