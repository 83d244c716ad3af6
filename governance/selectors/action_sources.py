"""The sources of actions, as ``governance.action_sources`` asks for them: meeting actions (this
app's), incident follow-ups (read from ``slas``) and security findings past their remediation
date (read from ``compliance``)."""

from django.db.models import Case, CharField, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils import timezone

from compliance.models import Finding
from compliance.selectors.assessments import overdue_findings
from core.roles import Role
from governance.action_sources import COLUMNS, ActionQuery, ActionSource, scoped
from governance.models import ActionItem
from governance.models.actions import OPEN_ACTION_STATUSES, ActionStatus, Side
from operations.selectors.health import findings_open
from operations.selectors.lessons import lesson_actions_open_list
from slas.models import FollowUpAction
from slas.selectors.incidents import follow_up_list


def _text(value: str) -> Value:
    return Value(value, output_field=CharField())


def _user_name(prefix: str) -> Coalesce:
    full = Concat(F(f"{prefix}first_name"), _text(" "), F(f"{prefix}last_name"), output_field=CharField())
    return Coalesce(NullIf(full, _text(" ")), F(f"{prefix}email"), output_field=CharField())


def _narrowed(queryset: QuerySet, query: ActionQuery, *, vendor: str, owner: str) -> QuerySet:
    if query.vendor_id:
        queryset = queryset.filter(**{vendor: query.vendor_id})
    if query.owner_user_id:
        queryset = queryset.filter(**{owner: query.owner_user_id})
    if query.side:
        queryset = queryset.filter(r_side=query.side)
    if query.overdue_on:
        queryset = queryset.filter(r_due_date__lt=query.overdue_on)
    if query.due_by:
        queryset = queryset.filter(r_due_date__lte=query.due_by)
    return queryset


def meeting_actions_open(query: ActionQuery) -> QuerySet:
    """Open and in-progress actions agreed in meetings."""
    rows = (
        scoped(ActionItem.objects.all(), query)
        .filter(status__in=OPEN_ACTION_STATUSES)
        .annotate(
            r_source=_text("meeting"),
            r_action_id=F("id"),
            r_vendor_id=F("vendor_id"),
            r_vendor_name=F("vendor__name"),
            r_description=F("description"),
            r_owner_user_id=F("owner_user_id"),
            r_owner_name=Coalesce(_user_name("owner_user__"), F("owner_contact__name"), output_field=CharField()),
            r_owner_email=Coalesce(F("owner_user__email"), F("owner_contact__email"), output_field=CharField()),
            r_side=F("side"),
            r_due_date=F("due_date"),
            r_status=F("status"),
            r_parent_model=_text("governance.meeting"),
            r_parent_id=F("meeting_id"),
        )
    )
    return _narrowed(rows, query, vendor="vendor_id", owner="owner_user_id").order_by().values(*COLUMNS)


def follow_ups_open(query: ActionQuery) -> QuerySet:
    """Open follow-up actions of incidents. Their side follows the owner's account (a vendor
    user's are the vendor's); an owner named without an account is the vendor's engineer, as
    the follow-up form suggests."""
    side = Case(
        When(owner__role=Role.HOSPITAL_ADMIN, then=_text(Side.HOSPITAL)),
        When(owner__role=Role.HOSPITAL_STAFF, then=_text(Side.HOSPITAL)),
        default=_text(Side.VENDOR),
        output_field=CharField(),
    )
    rows = (
        scoped(follow_up_list(), query)
        .filter(status=FollowUpAction.Status.OPEN)
        .annotate(
            r_source=_text("incident_follow_up"),
            r_action_id=F("id"),
            r_vendor_id=F("incident__vendor_id"),
            r_vendor_name=F("incident__vendor__name"),
            r_description=F("description"),
            r_owner_user_id=F("owner_id"),
            r_owner_name=Coalesce(_user_name("owner__"), NullIf(F("owner_name"), _text("")), output_field=CharField()),
            r_owner_email=Coalesce(F("owner__email"), _text(""), output_field=CharField()),
            r_side=side,
            r_due_date=F("due_date"),
            r_status=F("status"),
            r_parent_model=_text("slas.incident"),
            r_parent_id=F("incident_id"),
        )
    )
    return _narrowed(rows, query, vendor="incident__vendor_id", owner="owner_id").order_by().values(*COLUMNS)


def overdue_findings_open(query: ActionQuery) -> QuerySet:
    """Security findings past their remediation date and not resolved by a retest: the vendor's
    to fix. One the vendor has answered waits for the retest (in progress)."""
    status = Case(
        When(status=Finding.Status.ANSWERED, then=_text(ActionStatus.IN_PROGRESS)),
        default=_text(ActionStatus.OPEN),
        output_field=CharField(),
    )
    rows = scoped(overdue_findings(today=timezone.localdate()), query).annotate(
        r_source=_text("security_finding"),
        r_action_id=F("id"),
        r_vendor_id=F("assessment__vendor_id"),
        r_vendor_name=F("assessment__vendor__name"),
        r_description=Concat(
            _text("Remediate finding: "), F("title"), _text(" ("), F("severity"), _text(")"), output_field=CharField()
        ),
        r_owner_user_id=Value(None, output_field=IntegerField()),
        r_owner_name=NullIf(F("remediation_owner"), _text("")),
        r_owner_email=_text(""),
        r_side=_text(Side.VENDOR),
        r_due_date=F("due_on"),
        r_status=status,
        r_parent_model=_text("compliance.assessment"),
        r_parent_id=F("assessment_id"),
    )
    return _narrowed(rows, query, vendor="assessment__vendor_id", owner="r_owner_user_id").order_by().values(*COLUMNS)


meeting_action_source = ActionSource("meeting", "Meeting actions", meeting_actions_open)
follow_up_source = ActionSource("incident_follow_up", "Incident follow-ups", follow_ups_open)
finding_source = ActionSource("security_finding", "Overdue security findings", overdue_findings_open)


# --- operations: owned actions (health-assessment findings, lessons-learned actions) ---
def _owned_actions_open(
    rows: QuerySet, query: ActionQuery, *, source: str, parent: str, context: str, context_field: str, parent_model: str
) -> QuerySet:
    """Open actions of ``operations.models.actions.OwnedAction`` under ``parent`` (a relation
    with a vendor): a named owner (text: often the vendor's engineer, without an account) on the
    side the parent gave it, described with ``context`` and ``context_field``."""
    rows = scoped(rows, query).annotate(
        r_source=_text(source),
        r_action_id=F("id"),
        r_vendor_id=F(f"{parent}__vendor_id"),
        r_vendor_name=F(f"{parent}__vendor__name"),
        r_description=Concat(
            F("description"), _text(f" ({context}"), F(context_field), _text(")"), output_field=CharField()
        ),
        r_owner_user_id=Value(None, output_field=IntegerField()),
        r_owner_name=F("owner_name"),
        r_owner_email=_text(""),
        r_side=F("side"),
        r_due_date=F("due_date"),
        r_status=_text(ActionStatus.OPEN),
        r_parent_model=_text(parent_model),
        r_parent_id=F(f"{parent}_id"),
    )
    return _narrowed(rows, query, vendor=f"{parent}__vendor_id", owner="r_owner_user_id").order_by().values(*COLUMNS)


def health_findings_open(query: ActionQuery) -> QuerySet:
    """Open findings of health assessments (read through operations' selectors)."""
    return _owned_actions_open(
        findings_open(),
        query,
        source="health_finding",
        parent="run__assessment",
        context="health assessment of ",
        context_field="run__assessment__component__name",
        parent_model="operations.healthassessment",
    )


health_finding_source = ActionSource("health_finding", "Health-assessment findings", health_findings_open)


def lesson_actions_open(query: ActionQuery) -> QuerySet:
    """Open actions agreed in lessons-learned reviews of finished changes (read through
    operations' selectors)."""
    return _owned_actions_open(
        lesson_actions_open_list(),
        query,
        source="lesson_action",
        parent="review",
        context="lessons learned: ",
        context_field="review__plan__title",
        parent_model="operations.lessonsreview",
    )


lesson_action_source = ActionSource("lesson_action", "Lessons-learned actions", lesson_actions_open)
