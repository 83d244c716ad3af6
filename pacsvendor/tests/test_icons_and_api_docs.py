"""The site's icon on every kind of page, and API documentation pages that run under the CSP:
no inline script, nothing from another host (the browser walk, test_pages_browser.py, proves
the same in Chromium)."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client

ICON_LINKS = ('href="/favicon.ico"', 'favicon.svg"', 'apple-touch-icon.png"')
OTHER_HOST = re.compile(r"""(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE)


def test_favicon_ico_is_served_at_the_root_for_pages_without_an_icon_link(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body[:4] == b"\x00\x00\x01\x00", "an ICO file"
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


@pytest.mark.parametrize(
    ("client_name", "path", "status"),
    [
        ("client", "/accounts/login/", 200),
        ("admin_client", "/overview/", 200),
        ("admin_client", "/no-such-page/", 404),
        ("admin_client", "/admin/", 200),
        ("admin_client", "/api/v1/vendors/?format=api", 200),
        ("admin_client", "/api/docs/", 200),
        ("admin_client", "/api/redoc/", 200),
        ("vendor_client", "/portal/", 200),
    ],
)
def test_every_kind_of_page_links_the_icon(request, client_name: str, path: str, status: int) -> None:
    response = request.getfixturevalue(client_name).get(path)
    assert response.status_code == status
    html = response.content.decode()
    for link in ICON_LINKS:
        assert link in html, f"{path} lacks {link}"


def test_the_server_error_page_links_the_icon_without_template_context() -> None:
    assert ICON_LINKS[0] in render_to_string("500.html")


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_api_documentation_has_no_inline_script_and_loads_nothing_from_other_hosts(admin_client, path: str) -> None:
    html = admin_client.get(path).content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    assert scripts, "the documentation is a script"
    assert all("src=" in attributes for attributes in scripts), f"inline script in {path}: {scripts}"
    assert not OTHER_HOST.search(html), OTHER_HOST.search(html)
    assert "fonts.googleapis.com" not in html


def test_swagger_ui_start_up_script_is_a_file_of_its_own(admin_client) -> None:
    page = admin_client.get("/api/docs/").content.decode()
    script_url = re.search(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page)
    assert script_url, page
    script = admin_client.get(script_url[1].replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle(" in script.content.decode()
    assert '"validatorUrl": null' in script.content.decode()


def test_redoc_may_run_its_search_worker_and_nothing_else_is_loosened(admin_client) -> None:
    redoc = admin_client.get("/api/redoc/")["Content-Security-Policy"]
    docs = admin_client.get("/api/docs/")["Content-Security-Policy"]
    assert "worker-src 'self' blob:" in redoc
    assert "script-src 'self';" in redoc
    assert "worker-src" not in docs
    assert "hide-hostname" in admin_client.get("/api/redoc/").content.decode()
