"""The knowledge base in the hospital UI: the searchable list, an article's page, writing
articles through ``article_save`` (hospital admins; every hospital user reads what is published),
the ticket form's suggestions and linking articles to the tickets they answer."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from tickets.models import Ticket
from training.filters.articles import ArticleFilterSet
from training.forms.articles import ArticleForm
from training.models import Article, ArticleLink
from training.selectors.articles import article_list, article_suggestions, articles_readable
from training.services.articles import article_link, article_save, article_unlink
from training.tables.articles import ArticleTable


class ReadableArticlesMixin:
    """Of the articles ``visible_to`` the user, those they may read (drafts for their writers)."""

    request: Any

    def get_queryset(self) -> QuerySet[Article]:
        return articles_readable(super().get_queryset(), self.request.user)  # type: ignore[misc]


class ArticleListView(ReadableArticlesMixin, ObjectListView):
    manage_action = "article.write"
    queryset = article_list()
    filterset_class = ArticleFilterSet
    table_class = ArticleTable
    template_name = "training/articles/article_list.html"
    export_filename = "knowledge-base"
    add_label = "Write an article"


class ArticleDetailView(ReadableArticlesMixin, ObjectDetailView):
    manage_action = "article.write"
    queryset = article_list()
    template_name = "training/articles/article_detail.html"


class ArticleFormMixin(ReadableArticlesMixin):
    model = Article
    form_class = ArticleForm
    permission_action = "article.write"

    def save_form(self, form: ArticleForm) -> Article:
        stored = Article.objects.get(pk=form.instance.pk) if form.instance.pk else None
        return article_save(
            article=stored,
            data=form.cleaned_data,
            components=list(form.cleaned_data.get("components") or []),
            by=self.request.user,
        )


class ArticleCreateView(ArticleFormMixin, ObjectCreateView):
    pass


class ArticleUpdateView(ArticleFormMixin, ObjectUpdateView):
    pass


class ArticleSuggestView(HospitalUserRequiredMixin, View):
    """The ticket form's suggestions (``tickets.title_suggestions``): an HTML fragment of the
    published articles matching the title typed so far, of the chosen vendor or the hospital."""

    def get(self, request: HttpRequest) -> HttpResponse:
        vendor = request.GET.get("vendor", "")
        articles = article_suggestions(
            title=request.GET.get("title", "")[:200],
            user=request.user,
            vendor_id=int(vendor) if vendor.isdigit() else None,
        )
        return render(request, "training/articles/suggestions.html", {"articles": articles})


class TicketArticleLinkView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST ``article`` to link it to the ticket, or ``unlink`` (a link's id) to remove one; back
    to the ticket's page."""

    permission_action = "article.link"
    model = Ticket

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        ticket = self.get_object()
        try:
            if request.POST.get("unlink"):
                link = get_object_or_404(
                    ArticleLink.objects.visible_to(request.user), pk=request.POST["unlink"], ticket=ticket
                )
                article_unlink(link=link, by=request.user)
                messages.success(request, f"“{link.article}” unlinked.")
            else:
                article = get_object_or_404(Article.objects.visible_to(request.user), pk=request.POST.get("article"))
                article_link(ticket=ticket, article=article, by=request.user)
                messages.success(request, f"“{article}” linked to the ticket.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(ticket.get_absolute_url())
