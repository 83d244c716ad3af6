"""Pages of higher apps about one staff member (training's transcript), linked from the staff
directory's detail page. The higher app registers its page from its ``AppConfig.ready()``:
accounts never imports it (docs/architecture.md, "How a lower app learns from a higher one")."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StaffPage:
    label: str
    url_name: str  # takes the staff member's ``pk``
    icon: str = "bi-box-arrow-up-right"


_pages: dict[str, StaffPage] = {}


def register_staff_page(page: StaffPage) -> None:
    _pages[page.url_name] = page


def staff_pages() -> list[StaffPage]:
    return list(_pages.values())
