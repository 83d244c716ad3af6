"""The data-protection section of an agreement's page (``slas.agreement_sections``, registered
in ``ComplianceConfig.ready``): the checklist with what is missing, and the edit link for those
who may keep the terms. The hospital's agreement page and the portal's SLA page (the vendor reads
the terms of its own agreements, never an edit link) show the same section."""

from typing import Any

from django.urls import reverse

from compliance.models import DataProtectionTerms
from compliance.selectors.terms import terms_of_agreement
from compliance.terms import TermsFacts, terms_checklist
from core.permissions import can
from core.roles import is_hospital_user
from slas.agreement_sections import AgreementSection


def _terms(agreement: Any, user: Any) -> DataProtectionTerms | None:
    """The agreement's terms: joined already when a page read many agreements through
    ``visible_to`` (``slas.agreement_sections.agreement_section_relations``; the terms of an
    agreement the user sees are the user's to see), else read scoped."""
    if type(agreement).data_protection_terms.is_cached(agreement):
        return getattr(agreement, "data_protection_terms", None)
    return terms_of_agreement(agreement.pk, user=user)


def terms_context(agreement: Any, user: Any) -> dict[str, Any]:
    terms = _terms(agreement, user)
    checklist = terms_checklist(terms.facts if terms else TermsFacts())
    return {
        "terms": terms,
        "checklist": checklist,
        "missing": [item for item in checklist if not item.met],
        "edit_url": reverse("compliance:terms_edit", kwargs={"agreement": agreement.pk})
        if can(user, "compliance.terms_manage", agreement)
        else "",
    }


def agreement_terms_section(agreement: Any, user: Any) -> AgreementSection | None:
    """The section for ``agreement`` as ``user`` sees it; ``None`` for a user the agreement's
    terms are hidden from (a vendor user of another vendor; the page already refused them)."""
    if not is_hospital_user(user) and getattr(user, "vendor_id", None) != agreement.contract.vendor_id:
        return None
    return AgreementSection("compliance/includes/agreement_terms_section.html", terms_context(agreement, user))
