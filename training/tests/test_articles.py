"""The knowledge base's rules: who writes which articles, publishing, who reads drafts, and the
full-text search (title above body, web-search syntax, snippets that cannot inject markup)."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from training.models import Article, ArticleKind, ArticleStatus
from training.selectors.articles import article_search, article_suggestions, articles_readable
from training.services.articles import article_save
from training.snippets import MARK_START, MARK_STOP, snippet_html
from training.tests.factories import make_article
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = pytest.mark.django_db


def test_publishing_stamps_the_instant_and_a_draft_again_clears_it(admin_user, vendor) -> None:
    article = make_article(vendor=vendor, by=admin_user, published=False)
    assert article.published_at is None
    published_at = timezone.now().replace(microsecond=0) + timezone.timedelta(days=3)
    with time_machine.travel(published_at, tick=False):
        article = article_save(article=article, data={"status": ArticleStatus.PUBLISHED}, components=[], by=admin_user)
    stored = Article.objects.get(pk=article.pk)
    assert stored.published_at == published_at
    article_save(article=stored, data={"title": "Renamed"}, components=[], by=admin_user)
    assert Article.objects.get(pk=article.pk).published_at == published_at
    article_save(article=stored, data={"status": ArticleStatus.DRAFT}, components=[], by=admin_user)
    assert Article.objects.get(pk=article.pk).published_at is None


def test_a_vendor_users_article_is_always_its_vendors(vendor_user, other_vendor) -> None:
    article = make_article(vendor=other_vendor, by=vendor_user, title="Ours anyway")
    assert Article.objects.get(pk=article.pk).vendor_id == vendor_user.vendor_id
    assert article.author == vendor_user


def test_a_vendor_user_cannot_change_another_vendors_article(vendor_user, other_vendor, admin_user) -> None:
    theirs = make_article(vendor=other_vendor, by=admin_user, title="Theirs")
    with pytest.raises(PermissionDenied):
        article_save(article=theirs, data={"title": "Taken"}, components=[], by=vendor_user)
    assert Article.objects.get(pk=theirs.pk).title == "Theirs"


def test_hospital_staff_cannot_write_articles(staff_user, vendor) -> None:
    with pytest.raises(PermissionDenied):
        make_article(vendor=vendor, by=staff_user)
    assert not Article.objects.exists()


def test_components_must_be_the_articles_vendors(admin_user, vendor, other_vendor) -> None:
    foreign = ComponentFactory(vendor=other_vendor)
    with pytest.raises(ValidationError) as error:
        make_article(vendor=vendor, by=admin_user, components=[foreign])
    assert "components" in error.value.message_dict
    assert not Article.objects.exists()


def test_snippet_marks_never_come_from_an_author(admin_user, vendor) -> None:
    article = make_article(vendor=vendor, by=admin_user, body=f"odd {MARK_START}text{MARK_STOP} here")
    assert Article.objects.get(pk=article.pk).body == "odd text here"


def test_staff_read_published_articles_and_writers_their_drafts(vendor, other_vendor) -> None:
    admin, staff = HospitalAdminFactory(), UserFactory()
    ours_writer = VendorUserFactory(vendor=vendor)
    published = make_article(vendor=vendor, by=admin, title="Published")
    vendor_draft = make_article(vendor=vendor, by=ours_writer, title="Vendor draft", published=False)
    hospital_draft = make_article(vendor=None, by=admin, title="Hospital draft", published=False)
    hospital_published = make_article(vendor=None, by=admin, title="Hospital published")
    theirs = make_article(vendor=other_vendor, by=admin, title="Theirs")

    def readable(user) -> set[str]:
        return set(articles_readable(Article.objects.visible_to(user), user).values_list("title", flat=True))

    assert readable(staff) == {"Published", "Hospital published", "Theirs"}
    assert readable(admin) == {"Published", "Hospital draft", "Hospital published", "Theirs"}
    assert readable(ours_writer) == {"Published", "Vendor draft"}
    assert {published.pk, vendor_draft.pk, hospital_draft.pk, hospital_published.pk, theirs.pk}


def _titles(articles) -> list[str]:
    return [article.title for article in articles]


def test_search_ranks_title_matches_above_body_matches(admin_user, vendor) -> None:
    make_article(vendor=vendor, by=admin_user, title="Worklist tips", body="Sort the worklist by priority.")
    make_article(vendor=vendor, by=admin_user, title="Prefetching priors", body="Fetch priors overnight.")
    make_article(vendor=vendor, by=admin_user, title="Viewer shortcuts", body="Press P to show prefetched priors.")
    found = article_search(Article.objects.all(), "priors")
    assert _titles(found) == ["Prefetching priors", "Viewer shortcuts"]
    assert found[0].rank > found[1].rank


def test_search_understands_web_search_syntax_and_stems(admin_user, vendor) -> None:
    make_article(vendor=vendor, by=admin_user, title="Hanging protocol for MR", body="Breast MR layouts.")
    make_article(vendor=vendor, by=admin_user, title="Hanging protocol for CT", body="Chest CT layouts.")
    articles = Article.objects.all()
    assert set(_titles(article_search(articles, "hanging protocols"))) == {
        "Hanging protocol for MR",
        "Hanging protocol for CT",
    }
    assert _titles(article_search(articles, "hanging -breast")) == ["Hanging protocol for CT"]
    assert _titles(article_search(articles, '"chest ct"')) == ["Hanging protocol for CT"]
    assert _titles(article_search(articles, "chest or breast")) != []
    assert list(article_search(articles, "dicom")) == []


def test_the_snippet_highlights_matches_and_escapes_the_body(admin_user, vendor) -> None:
    make_article(
        vendor=vendor,
        by=admin_user,
        title="Known issue",
        body="The viewer freezes <script>alert(1)</script> when the cache is full; clear the cache.",
        kind=ArticleKind.KNOWN_ISSUE,
    )
    found = article_search(Article.objects.all(), "cache").get()
    html = snippet_html(found.snippet)
    assert "<mark>cache</mark>" in html
    assert "<script>" not in html
    assert "alert(1)" in html
    assert snippet_html(f"<b>{MARK_START}x{MARK_STOP}</b>") == "&lt;b&gt;<mark>x</mark>&lt;/b&gt;"


def test_suggestions_are_published_articles_of_the_tickets_vendor(admin_user, staff_user, vendor) -> None:
    other = VendorFactory()
    make_article(vendor=vendor, by=admin_user, title="Viewer freezes on large CT series")
    make_article(vendor=vendor, by=admin_user, title="Viewer layouts", published=False)
    make_article(vendor=other, by=admin_user, title="Their viewer freezes")
    found = article_suggestions(title="CT viewer freezes!", user=staff_user, vendor_id=vendor.pk)
    assert _titles(found) == ["Viewer freezes on large CT series"]
    assert len(article_suggestions(title="viewer freezes", user=staff_user)) == 2
    assert article_suggestions(title="  -- ", user=staff_user) == []
