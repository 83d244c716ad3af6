from core.audit import register_audited
from slas.models import Agreement, AgreementTarget, BusinessCalendar, CalendarWindow, EscalationRule, Holiday

for model in (BusinessCalendar, CalendarWindow, Holiday, Agreement, AgreementTarget, EscalationRule):
    register_audited(model)
