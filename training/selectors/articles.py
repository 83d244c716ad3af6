"""Reads of the knowledge base: who reads which articles, and full-text search over them."""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import F, Q, QuerySet

from core.permissions import can
from core.roles import ScopedUser
from tickets.models import Ticket
from training.models import Article, ArticleLink, ArticleStatus
from training.models.articles import SEARCH_CONFIG
from training.snippets import MARK_START, MARK_STOP

# How many suggestions the ticket form offers as its title is typed.
SUGGESTION_COUNT = 5


def article_list() -> QuerySet[Article]:
    """Articles with their vendor and author, and the components they concern (one query more)."""
    return Article.objects.select_related("vendor", "author").prefetch_related("components")


def articles_readable(articles: QuerySet[Article], user: ScopedUser) -> QuerySet[Article]:
    """Of ``articles`` (already scoped by ``visible_to``), those ``user`` may read: every hospital
    user reads published articles; drafts are read by those who write them (a vendor user their
    vendor's, hospital admins the hospital's own)."""
    if user.is_vendor_user:
        return articles
    if can(user, "article.write"):
        return articles.filter(Q(status=ArticleStatus.PUBLISHED) | Q(vendor__isnull=True))
    return articles.filter(status=ArticleStatus.PUBLISHED)


def article_search(articles: QuerySet[Article], text: str) -> QuerySet[Article]:
    """Articles matching ``text`` (web-search syntax: ``"quoted phrase"``, ``or``, ``-word``), best
    first (title matches weigh more than body matches), each with ``snippet``: the body's best
    fragment, its matches between ``MARK_START`` and ``MARK_STOP`` (see ``training.snippets``)."""
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        articles.filter(search_vector=query)
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=SearchHeadline(
                "body",
                query,
                config=SEARCH_CONFIG,
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        )
        .order_by("-rank", "-published_at", "pk")
    )


def article_suggestions(*, title: str, user: ScopedUser, vendor_id: int | None = None) -> list[Article]:
    """Published articles that may answer a ticket titled ``title``: any of its words matches
    (the best first), of the ticket's vendor (or the hospital's own) when it is known, as
    ``user`` may read them."""
    words = " or ".join(re.findall(r"\w+", title))
    if not words:
        return []
    articles = Article.objects.visible_to(user).filter(status=ArticleStatus.PUBLISHED).select_related("vendor")
    if vendor_id:
        articles = articles.filter(Q(vendor_id=vendor_id) | Q(vendor__isnull=True))
    return list(article_search(articles, words)[:SUGGESTION_COUNT])


def ticket_article_links(ticket: Ticket, user: ScopedUser) -> list[ArticleLink]:
    """The articles linked to ``ticket`` that ``user`` may read (a vendor user: their vendor's)."""
    readable = articles_readable(Article.objects.visible_to(user), user)
    links = ArticleLink.objects.visible_to(user).filter(ticket=ticket, article__in=readable)
    return list(links.select_related("article", "article__vendor", "linked_by"))


def link_candidates(ticket: Ticket, user: ScopedUser) -> QuerySet[Article]:
    """Published articles that may be linked to ``ticket``: its vendor's and the hospital's own,
    not linked yet."""
    return (
        Article.objects.visible_to(user)
        .filter(Q(vendor_id=ticket.vendor_id) | Q(vendor__isnull=True), status=ArticleStatus.PUBLISHED)
        .exclude(ticket_links__ticket=ticket)
        .order_by("title", "pk")
    )
