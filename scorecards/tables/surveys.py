"""The staff surveys' tables: the hospital list, its CSV export and (linked to its own pages) the
portal; survey templates."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.formatting import format_percent
from scorecards.models import Survey, SurveyTemplate

STATE_COLOURS = {"draft": "secondary", "open": "primary", "closed": "success"}


def survey_state_badge(survey: Survey) -> SafeString:
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', STATE_COLOURS[survey.state], survey.get_state_display()
    )


class SurveyTable(tables.Table):
    period_start = tables.Column(verbose_name="Period", linkify=True, attrs={"td": {"class": "text-nowrap"}})
    vendor = tables.Column(order_by="vendor__name")
    template = tables.Column(order_by="template__name")
    state = tables.Column()
    closes_at = tables.DateTimeColumn(verbose_name="Closes", format="Y-m-d H:i")
    answered = tables.Column(verbose_name="Responses", attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta:
        model = Survey
        fields = ("period_start", "vendor", "template", "state", "closes_at", "answered")
        empty_text = (
            "No staff surveys yet. Ask the radiologists, technologists and IT staff of the directory what "
            "working with a vendor was like: their answers score the scorecard's satisfaction criterion."
        )

    def render_period_start(self, record: Survey) -> str:
        return f"{record.period_label} ({record.get_period_kind_display().lower()})"

    def value_period_start(self, record: Survey) -> str:
        return record.period_label

    def render_state(self, record: Survey) -> SafeString:
        return survey_state_badge(record)

    def value_state(self, record: Survey) -> str:
        return record.get_state_display()

    def render_answered(self, record: Survey) -> str:
        if not record.invited:
            return "not sent"
        return f"{record.answered} of {record.invited} ({format_percent(record.answered * 100 / record.invited, 0)})"

    def value_answered(self, record: Survey) -> int:
        return record.answered


class SurveyTemplateTable(tables.Table):
    name = tables.Column(linkify=True)
    question_count = tables.Column(verbose_name="Questions", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = SurveyTemplate
        fields = ("name", "question_count")
        empty_text = "No survey templates yet: add one with the statements staff rate from 1 to 5."
