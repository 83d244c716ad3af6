"""The knowledge base: articles by a vendor (best practices, tips, feature updates, release
notes, known issues with their workaround) or by the hospital itself, drafted, then published
for every hospital user to read. Searched in PostgreSQL: ``search_vector`` holds the title
(weight A) and body (weight B), kept by ``training.services.articles`` and GIN-indexed."""

from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel

# The text search configuration the vector is built with and queries are parsed with.
SEARCH_CONFIG = "english"


class ArticleKind(models.TextChoices):
    BEST_PRACTICE = "best_practice", "Best practice"
    TIP = "tip", "Tip"
    FEATURE_UPDATE = "feature_update", "Feature update"
    RELEASE_NOTE = "release_note", "Release note"
    KNOWN_ISSUE = "known_issue", "Known issue and workaround"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Article(VendorOwnedModel):
    """A knowledge-base article. A vendor's article is the vendor's to write (in the portal
    too); the hospital's own (no vendor) is never shown to vendor users. Drafts are read only
    by those who may write them."""

    kind = models.CharField(max_length=20, choices=ArticleKind.choices, default=ArticleKind.TIP)
    title = models.CharField(max_length=200)
    body = BoundedTextField(
        max_length=limits.MESSAGE_LENGTH,
        help_text="Plain text: blank lines separate paragraphs; links are made clickable.",
    )
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text="Empty for the hospital's own articles.",
    )
    components = models.ManyToManyField(
        "vendors.Component", blank=True, related_name="articles", help_text="The vendor's components it concerns."
    )
    release = models.CharField(max_length=60, blank=True, help_text="The product release it concerns, e.g. 8.2.")
    status = models.CharField(max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["-published_at", "title", "pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="training_article_search"),
            models.Index(fields=["status", "-published_at"], name="training_article_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ArticleStatus.DRAFT) | Q(published_at__isnull=False),
                name="training_article_published_has_instant",
                violation_error_message="A published article needs the time it was published.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("training:article_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED


class ArticleLink(VendorOwnedModel):
    """An article that answers a ticket. The ticket's page shows its links (the portal's too, for
    the vendor's own tickets) through ``tickets.ticket_sections``."""

    vendor_lookup: ClassVar[str] = "ticket__vendor"

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="article_links")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="ticket_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "article"],
                name="training_articlelink_once",
                violation_error_message="This article is already linked to the ticket.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} answers ticket #{self.ticket_id}"

    def get_absolute_url(self) -> str:
        return self.ticket.get_absolute_url()
