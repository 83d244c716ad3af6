"""The knowledge base's pages, portal and API: search with filters, reading, writing, and the
one-way scoping (a vendor never sees another vendor's articles nor the hospital's own)."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from training.models import Article, ArticleStatus
from training.tests.factories import make_article
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(admin_user, vendor, other_vendor) -> dict[str, Article]:
    viewer = ComponentFactory(vendor=vendor, name="Diagnostic viewer")
    return {
        "freeze": make_article(
            vendor=vendor,
            by=admin_user,
            title="Viewer freezes on large series",
            body="Clear the local cache, then reopen the study.",
            kind="known_issue",
            components=[viewer],
        ),
        "tip": make_article(vendor=vendor, by=admin_user, title="Keyboard shortcuts", body="Press W for window."),
        "draft": make_article(vendor=vendor, by=admin_user, title="Cache sizing draft", published=False),
        "theirs": make_article(vendor=other_vendor, by=admin_user, title="Their cache tip", body="Cache it."),
        "ours": make_article(vendor=None, by=admin_user, title="Our cache policy", body="Cache for 30 days."),
    }


def test_the_knowledge_base_searches_and_filters(
    staff_client: Client, library, vendor, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(13):
        page = staff_client.get("/training/articles/", {"q": "cache", "vendor": vendor.pk}).content.decode()
    assert "Viewer freezes on large series" in page
    assert "<mark>cache</mark>" in page
    assert "Keyboard shortcuts" not in page
    assert "Cache sizing draft" not in page  # a draft: staff do not read it
    assert "Their cache tip" not in page
    component = library["freeze"].components.get()
    page = staff_client.get("/training/articles/", {"component": component.pk}).content.decode()
    assert "Viewer freezes on large series" in page
    assert "Keyboard shortcuts" not in page
    page = staff_client.get("/training/articles/", {"q": "dicom"}).content.decode()
    assert "No article matches" in page


def test_staff_read_an_article_but_not_a_draft(staff_client: Client, library) -> None:
    page = staff_client.get(f"/training/articles/{library['freeze'].pk}/").content.decode()
    assert "Clear the local cache" in page
    assert "Diagnostic viewer" in page
    assert staff_client.get(f"/training/articles/{library['draft'].pk}/").status_code == 404
    assert staff_client.get("/training/articles/add/").status_code == 403


def test_the_body_is_text_never_markup(admin_user, admin_client: Client, vendor) -> None:
    article = make_article(vendor=vendor, by=admin_user, body="<img src=x onerror=alert(1)>\n\nSee https://example.org")
    page = admin_client.get(f"/training/articles/{article.pk}/").content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert '<a href="https://example.org"' in page


def test_an_admin_writes_and_publishes_an_article(admin_client: Client, admin_user, vendor) -> None:
    component = ComponentFactory(vendor=vendor)
    response = admin_client.post(
        "/training/articles/add/",
        {
            "kind": "release_note",
            "title": "Release 8.2",
            "vendor": vendor.pk,
            "components": [component.pk],
            "release": "8.2",
            "body": "What changed in 8.2.",
            "status": "published",
        },
    )
    article = Article.objects.get(title="Release 8.2")
    assert response["Location"] == f"/training/articles/{article.pk}/"
    assert article.author == admin_user
    assert article.published_at is not None
    assert list(article.components.all()) == [component]
    response = admin_client.post("/training/articles/add/", {"kind": "tip", "title": "", "body": "", "status": "x"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"title", "body", "status"}


def test_a_vendor_writes_and_sees_its_own_articles_only(vendor_client: Client, vendor_user, library) -> None:
    response = vendor_client.post(
        "/portal/articles/add/",
        {"kind": "tip", "title": "Faster prefetch", "body": "Prefetch at night.", "status": "draft"},
    )
    article = Article.objects.get(title="Faster prefetch")
    assert response["Location"] == f"/portal/articles/{article.pk}/"
    assert article.vendor == vendor_user.vendor
    assert article.status == ArticleStatus.DRAFT
    page = vendor_client.get("/portal/articles/", {"q": "cache"}).content.decode()
    assert "Viewer freezes on large series" in page
    assert "Cache sizing draft" in page  # its own draft
    assert "Their cache tip" not in page
    assert "Our cache policy" not in page
    for other in ("theirs", "ours"):
        assert vendor_client.get(f"/portal/articles/{library[other].pk}/").status_code == 404
        assert vendor_client.post(f"/portal/articles/{library[other].pk}/edit/", {"title": "x"}).status_code == 404
    vendor_client.post(
        f"/portal/articles/{article.pk}/edit/",
        {"kind": "tip", "title": "Faster prefetch", "body": "Prefetch at night.", "status": "published"},
    )
    assert Article.objects.get(pk=article.pk).is_published


def test_the_api_searches_with_q(staff_api: APIClient, library, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(8):
        response = staff_api.get("/api/v1/articles/", {"q": "cache"})
    results = response.json()["results"]
    titles = [row["title"] for row in results]
    assert set(titles) == {"Viewer freezes on large series", "Their cache tip", "Our cache policy"}
    assert all("<mark>" in row["snippet"] for row in results)
    assert staff_api.get("/api/v1/articles/", {"q": "cache", "kind": "known_issue"}).json()["count"] == 1


def test_a_vendor_token_writes_its_own_articles(vendor_api: APIClient, vendor_user, library) -> None:
    response = vendor_api.post(
        "/api/v1/articles/",
        {"kind": "feature_update", "title": "New MPR tool", "body": "Try it."},
        format="json",
    )
    assert response.status_code == 201
    stored = Article.objects.get(pk=response.json()["id"])
    assert stored.vendor_id == vendor_user.vendor_id
    assert stored.status == ArticleStatus.DRAFT
    titles = {row["title"] for row in vendor_api.get("/api/v1/articles/").json()["results"]}
    assert "Their cache tip" not in titles
    assert "Our cache policy" not in titles
    assert "New MPR tool" in titles
    assert (
        vendor_api.patch(f"/api/v1/articles/{library['theirs'].pk}/", {"title": "x"}, format="json").status_code == 404
    )
    bad = vendor_api.post("/api/v1/articles/", {"kind": "rumour", "title": "", "body": "x"}, format="json")
    assert bad.status_code == 400
    assert {"kind", "title"} <= set(bad.json())
