"""The demo's knowledge base: a dozen articles per vendor (one a draft), the hospital's own,
open tickets linked to the articles answering them; seeded once."""

import pytest
from django.test import Client

from devtools.demo import accounts as accounts_demo
from devtools.demo import knowledge_base as demo
from devtools.demo import tickets as tickets_demo
from devtools.demo import vendors as vendors_demo
from devtools.seeding import DemoSeeder
from training.models import Article, ArticleLink, ArticleStatus
from vendors.models import Vendor

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    for module in (vendors_demo, accounts_demo, tickets_demo, demo):
        module.seed(DemoSeeder())


def test_the_demo_knowledge_base_is_alive_and_seeded_once(seeded: None, staff_client: Client) -> None:
    for vendor in Vendor.objects.filter(name__in=demo.ARTICLES):
        assert vendor.articles.count() == 12
        assert vendor.articles.filter(status=ArticleStatus.DRAFT).count() == 1
    assert Article.objects.filter(vendor__isnull=True).count() == len(demo.HOSPITAL_ARTICLES)
    links = ArticleLink.objects.count()
    assert links >= 3
    assert all(link.article.vendor_id == link.ticket.vendor_id for link in ArticleLink.objects.all())
    articles = Article.objects.count()
    demo.seed(DemoSeeder())
    assert (Article.objects.count(), ArticleLink.objects.count()) == (articles, links)
    page = staff_client.get("/training/articles/", {"q": "hanging protocols"}).content.decode()
    assert "<mark>" in page
    assert "Hanging protocols lost after the viewer update" in page
