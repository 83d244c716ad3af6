"""Sections of an agreement's page supplied by apps above ``slas`` (the data-protection terms of
``compliance``), which ``slas`` may not import: they register a section here at start-up
(dependency inversion, as ``slas.credit_sources``). The agreement page shows each section a
registered maker returns for the agreement and the signed-in user."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model


@dataclass(frozen=True)
class AgreementSection:
    """A part of the agreement page: the template that draws it, and what it needs."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


# (agreement, user) -> the section, or None when it has nothing to show
SectionMaker = Callable[[Model, Any], AgreementSection | None]

_makers: list[SectionMaker] = []
# Relations of an agreement the registered makers read, for a page of many agreements to join
# once (``select_related``) instead of a query per agreement.
_relations: list[str] = []


def register_agreement_section(maker: SectionMaker, *, relations: tuple[str, ...] = ()) -> None:
    if maker not in _makers:
        _makers.append(maker)
    _relations.extend(name for name in relations if name not in _relations)


def agreement_section_relations() -> tuple[str, ...]:
    return tuple(_relations)


def agreement_sections(agreement: Model, user: Any) -> list[AgreementSection]:
    """The registered sections for ``agreement`` as ``user`` sees it, in registration order."""
    return [section for maker in _makers if (section := maker(agreement, user)) is not None]
