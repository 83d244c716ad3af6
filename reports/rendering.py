"""The PDFs of reports, each rendered from its snapshot alone (WeasyPrint, charts as matplotlib
SVG): the monthly report here, the QBR pack (``reports.qbr``) through the same helpers. The same
snapshot always gives the same bytes, so the stored SHA-256 proves a copy genuine."""

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from reports.sections.order import SECTIONS
from reports.snapshot import snapshot_sha256


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def chart_image(svg: str) -> SafeString:
    """An SVG chart as an image: each keeps its own element ids (matplotlib numbers them from 1
    in every figure, so inlined charts would clash) and lays out faster."""
    data = base64.b64encode(svg.encode()).decode()
    return mark_safe(f'<img class="chart-image" alt="" src="data:image/svg+xml;base64,{data}">')  # noqa: S308


def render_html(snapshot: dict[str, Any]) -> str:
    sections = []
    for module in SECTIONS:
        data = snapshot["sections"].get(module.KEY)
        if data is None:  # a snapshot from before the section existed
            continue
        charts_of = getattr(module, "charts_of", None)
        sections.append(
            {
                "key": module.KEY,
                "title": module.TITLE,
                "template": module.TEMPLATE,
                "data": data,
                "charts": {name: chart_image(svg) for name, svg in charts_of(data).items()} if charts_of else {},
            }
        )
    return render_to_string(
        "reports/pdf/base.html",
        {"snapshot": snapshot, "sections": sections, "snapshot_sha256": snapshot_sha256(snapshot)},
    )


def render_document(html: str) -> RenderedPdf:
    """Any report's HTML as a PDF."""
    from weasyprint import HTML  # imported here: it is heavy and only the report worker needs it

    document = HTML(string=html).render()
    return RenderedPdf(content=document.write_pdf(), pages=len(document.pages))


def render_pdf(snapshot: dict[str, Any]) -> RenderedPdf:
    return render_document(render_html(snapshot))
