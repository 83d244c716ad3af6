"""Writes of knowledge-base articles. A vendor user writes their own vendor's articles only: an
article they create is their vendor's, whatever they sent. Publishing stamps the instant; the
search vector (title weighted above body) is rebuilt in the same transaction as every save."""

from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core.permissions import require
from tickets.models import Ticket
from training.models import Article, ArticleLink
from training.models.articles import SEARCH_CONFIG
from training.snippets import MARK_START, MARK_STOP
from vendors.models import Component

ARTICLE_FIELDS = ("kind", "title", "body", "vendor", "release", "status")

# Title above body: ``SearchRank`` weighs A matches 1.0 and B matches 0.4.
SEARCH_DOCUMENT = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
    "body", weight="B", config=SEARCH_CONFIG
)


def articles_index(articles: QuerySet[Article]) -> int:
    """Rebuild the search vector of ``articles`` in one UPDATE; answers how many rows."""
    return articles.update(search_vector=SEARCH_DOCUMENT)


@transaction.atomic
def article_save(*, article: Article | None, data: dict[str, Any], components: list[Component], by: User) -> Article:
    """Create (``article`` None) or change an article: its fields from ``data``
    (``ARTICLE_FIELDS``; those absent are kept) and the components it concerns (its vendor's
    only). Publishing a draft stamps ``published_at``; taking it back to draft clears it."""
    article = article or Article(author=by)
    if article.pk:
        require(by, "article.write", article)
    was_published = article.is_published if article.pk else False
    for name in ARTICLE_FIELDS:
        if name in data:
            setattr(article, name, data[name])
    if by.is_vendor_user:
        article.vendor = by.vendor
    require(by, "article.write", article if article.vendor_id else None)
    if any(component.vendor_id != article.vendor_id for component in components):
        raise ValidationError({"components": "Choose components of the article's vendor only."})
    # The marks of search snippets (``training.snippets``) never come from an author.
    article.body = article.body.replace(MARK_START, "").replace(MARK_STOP, "")
    if article.is_published and not was_published:
        article.published_at = timezone.now()
    elif not article.is_published:
        article.published_at = None
    article.full_clean(exclude=["components", "search_vector"])
    article.save()
    article.components.set(components)
    articles_index(Article.objects.filter(pk=article.pk))
    return article


def article_link(*, ticket: Ticket, article: Article, by: User) -> ArticleLink:
    """Link a published article to the ticket it answers: the ticket's vendor's article, or the
    hospital's own; once per ticket."""
    require(by, "article.link", ticket)
    if not article.is_published:
        raise ValidationError({"article": "Link published articles only."})
    if article.vendor_id not in (None, ticket.vendor_id):
        raise ValidationError({"article": "Link an article of the ticket's vendor or the hospital's own."})
    link = ArticleLink(ticket=ticket, article=article, linked_by=by)
    link.full_clean()
    link.save()
    return link


def article_unlink(*, link: ArticleLink, by: User) -> None:
    require(by, "article.link", link)
    link.delete()
