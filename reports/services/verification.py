"""Proving a report genuine: its PDF is rendered again from the stored snapshot, and the new
bytes must hash to the SHA-256 recorded when it was generated. The stored snapshot and the
stored PDF bytes are checked against their own recorded hashes too, so a row edited behind the
application's back does not pass."""

import hashlib
from dataclasses import dataclass

from reports.models import MonthlyReport, ReportDocument
from reports.rendering import render_pdf
from reports.snapshot import snapshot_sha256


class NotVerifiable(ValueError):
    """Only a generated version has a snapshot and a PDF to compare."""


@dataclass(frozen=True)
class Verification:
    recorded_pdf_sha256: str
    rendered_pdf_sha256: str
    stored_pdf_sha256: str
    recorded_snapshot_sha256: str
    snapshot_sha256: str

    @property
    def rendering_matches(self) -> bool:
        return self.rendered_pdf_sha256 == self.recorded_pdf_sha256

    @property
    def stored_pdf_matches(self) -> bool:
        return self.stored_pdf_sha256 == self.recorded_pdf_sha256

    @property
    def snapshot_matches(self) -> bool:
        return self.snapshot_sha256 == self.recorded_snapshot_sha256

    @property
    def matches(self) -> bool:
        return self.rendering_matches and self.stored_pdf_matches and self.snapshot_matches

    def describe(self) -> str:
        if self.matches:
            return (
                "Verified: the PDF rendered again from the snapshot is identical to the stored one "
                f"(SHA-256 {self.recorded_pdf_sha256})."
            )
        problems = []
        if not self.snapshot_matches:
            problems.append(
                f"the stored snapshot hashes to {self.snapshot_sha256}, "
                f"not the recorded {self.recorded_snapshot_sha256}"
            )
        if not self.rendering_matches:
            problems.append(
                f"the PDF rendered from the snapshot hashes to {self.rendered_pdf_sha256}, "
                f"not the recorded {self.recorded_pdf_sha256}"
            )
        if not self.stored_pdf_matches:
            if self.stored_pdf_sha256 == "missing":
                problems.append("the stored PDF is missing")
            else:
                problems.append(f"the stored PDF hashes to {self.stored_pdf_sha256}, not the recorded one")
        return "Verification failed: " + "; ".join(problems) + "."


def report_verification(report: MonthlyReport) -> Verification:
    """Render the report's PDF again from its snapshot and compare every hash (seconds: it
    renders the whole document)."""
    if report.state != MonthlyReport.State.READY or not report.snapshot:
        raise NotVerifiable(f"Version {report.version} has no generated PDF to verify ({report.get_state_display()}).")
    stored = ReportDocument.objects.filter(report_id=report.pk).values_list("pdf", flat=True).first()
    return Verification(
        recorded_pdf_sha256=report.pdf_sha256,
        rendered_pdf_sha256=render_pdf(report.snapshot).sha256,
        stored_pdf_sha256=hashlib.sha256(bytes(stored)).hexdigest() if stored is not None else "missing",
        recorded_snapshot_sha256=report.snapshot_sha256,
        snapshot_sha256=snapshot_sha256(report.snapshot),
    )


def report_verify(report: MonthlyReport) -> bool:
    """Whether the report's PDF, rendered again from its snapshot, is byte for byte the one
    recorded (and the stored snapshot and PDF are unchanged)."""
    return report_verification(report).matches
