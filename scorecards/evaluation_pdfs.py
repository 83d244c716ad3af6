"""Where an evaluation's PDF is, for the link on the evaluation's hospital page. The PDFs are
rendered by ``reports``, above scorecards: it registers how to find an evaluation's PDF from its
``AppConfig.ready()``, and scorecards never imports it (docs/architecture.md, "How a lower app
learns from a higher one"). The page links to the PDF's own page (``get_absolute_url``)."""

from collections.abc import Callable

from django.db.models import Model

from scorecards.models import Evaluation

PdfFinder = Callable[[Evaluation], Model | None]

_finders: list[PdfFinder] = []


def register_pdf_finder(finder: PdfFinder) -> None:
    if finder not in _finders:
        _finders.append(finder)


def evaluation_pdf(evaluation: Evaluation) -> Model | None:
    """The evaluation's PDF (None before one is generated, or with no app rendering them)."""
    for finder in _finders:
        found = finder(evaluation)
        if found is not None:
            return found
    return None
