"""Staff surveys in the API: read with their aggregated results (the free text only for those
who may read it: hospital admins); started with a vendor, template, period, close date and
audience."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Profession
from core.api.fields import InstantField
from core.permissions import can
from scorecards.models import PeriodKind, Survey, SurveyTemplate
from scorecards.models.surveys import DEFAULT_REMIND_DAYS, REMIND_DAYS
from scorecards.selectors.surveys import survey_results
from vendors.models import Vendor


class SurveySerializer(serializers.ModelSerializer):
    vendor_name = serializers.CharField(source="vendor.name", read_only=True)
    period_label = serializers.CharField(read_only=True)
    invited = serializers.IntegerField(read_only=True)
    answered = serializers.IntegerField(read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "vendor",
            "vendor_name",
            "template",
            "period_kind",
            "period_start",
            "period_label",
            "closes_at",
            "professions",
            "department",
            "site",
            "remind_days_before",
            "state",
            "sent_at",
            "closed_at",
            "invited",
            "answered",
        ]
        read_only_fields = fields


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField(source="question_id")
    text = serializers.CharField()
    responses = serializers.IntegerField()
    mean = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    distribution = serializers.ListField(child=serializers.IntegerField(), help_text="Answers of 1, 2, 3, 4 and 5.")


class GroupResultSerializer(serializers.Serializer):
    profession = serializers.CharField()
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    means = serializers.ListField(
        child=serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True),
        help_text="Per question; null below 3 answers of the profession.",
    )


class SurveyCommentSerializer(serializers.Serializer):
    answered_on = serializers.DateField()
    profession = serializers.CharField()
    text = serializers.CharField()


class SurveyResultsSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    answered = serializers.IntegerField()
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    questions = QuestionResultSerializer(many=True)
    groups = GroupResultSerializer(many=True)
    comments = SurveyCommentSerializer(many=True, allow_null=True, help_text="Hospital admins only (null otherwise).")


class SurveyDetailSerializer(SurveySerializer):
    results = serializers.SerializerMethodField()

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "results"]
        read_only_fields = fields

    @extend_schema_field(SurveyResultsSerializer)
    def get_results(self, survey: Survey) -> dict[str, Any]:
        user = self.context["request"].user
        results = survey_results(survey, with_comments=can(user, "survey.manage", survey))
        return SurveyResultsSerializer(results).data


class SurveyStartSerializer(serializers.Serializer):
    vendor = serializers.PrimaryKeyRelatedField(queryset=Vendor.objects.all())
    template = serializers.PrimaryKeyRelatedField(queryset=SurveyTemplate.objects.all())
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices, default=PeriodKind.ANNUAL)
    period_start = serializers.DateField(help_text="1 January, or the first day of a quarter.")
    closes_at = InstantField()
    professions = serializers.ListField(
        child=serializers.ChoiceField(choices=Profession.choices), required=False, default=list
    )
    department = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    site = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    remind_days_before = serializers.IntegerField(
        min_value=REMIND_DAYS.low, max_value=REMIND_DAYS.high, required=False, default=DEFAULT_REMIND_DAYS
    )
