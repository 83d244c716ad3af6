"""The navigation bar fits a 1280-pixel laptop screen for every role: each app added a menu, and a
bar wider than the screen hides the user menu off to the right (the page scrolls sideways)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1280, "height": 720}


@pytest.mark.parametrize(
    ("role", "start"), [("admin_user", "/overview/"), ("staff_user", "/overview/"), ("vendor_user", "/portal/")]
)
def test_the_navbar_fits_a_laptop_screen(request, login, live_server, shot, role: str, start: str) -> None:
    page = login(request.getfixturevalue(role))
    page.set_viewport_size(LAPTOP)
    page.goto(f"{live_server.url}{start}")

    nav = page.get_by_role("navigation").first
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert nav.bounding_box()["height"] < 80  # one row, not wrapped
    shot(page, role)
