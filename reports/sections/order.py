"""The sections of the monthly report (one module each in ``reports/sections/``), in the order
the PDF shows them.

Each section is one module with:

- ``KEY`` (its place in the snapshot) and ``TITLE``;
- ``build(period, built) -> dict``: reads the other apps' selectors and returns JSON-safe data
  (``built`` holds the sections built before it; a module that summarises others sets
  ``DEPENDS_ON`` to their keys and is built after them);
- ``TEMPLATE``: the HTML fragment that shows the data in the PDF;
- optionally ``charts_of(data) -> dict[str, str]``: SVG charts drawn from the data at render time.

Adding a section (training, scorecards) is adding a module beside this one, its template, and
its place in ``SECTIONS``.
"""

from types import ModuleType

from reports.sections import (
    appendix,
    availability,
    compliance,
    credits,
    kpis,
    operations,
    reviews,
    scorecard,
    summary,
    tickets,
    training,
)

SECTIONS: tuple[ModuleType, ...] = (
    summary,
    availability,
    tickets,
    kpis,
    credits,
    reviews,
    compliance,
    operations,
    training,
    scorecard,
    appendix,
)


def build_order(sections: tuple[ModuleType, ...] = SECTIONS) -> list[ModuleType]:
    """Sections ordered so each comes after those it depends on."""
    ordered: list[ModuleType] = []
    pending = list(sections)
    while pending:
        ready = [s for s in pending if set(getattr(s, "DEPENDS_ON", ())) <= {o.KEY for o in ordered}]
        if not ready:
            raise ValueError(f"Sections depend on each other in a cycle: {[s.KEY for s in pending]}")
        ordered.extend(ready)
        pending = [s for s in pending if s not in ready]
    return ordered
