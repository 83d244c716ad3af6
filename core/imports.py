"""What a spreadsheet import reports: how many rows it imported, or every bad line and why."""

from dataclasses import dataclass, field


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)

    @property
    def ok(self) -> bool:
        return not self.errors
