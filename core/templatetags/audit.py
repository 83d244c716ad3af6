"""Template filters for the change history."""

from django import template

register = template.Library()

EMPTY_VALUES = {"None", "", "[]", "{}"}
BOOLEANS = {"True": "Yes", "False": "No"}


@register.filter
def audit_value(value: object) -> str:
    """django-auditlog stores values as text: show "None" as a dash and booleans as words."""
    text = str(value)
    if text in EMPTY_VALUES:
        return "—"
    return BOOLEANS.get(text, text)
