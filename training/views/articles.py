"""The knowledge base in the hospital UI: the searchable list, an article's page, and writing
articles through ``article_save`` (hospital admins; every hospital user reads what is published)."""

from typing import Any

from django.db.models import QuerySet

from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from training.filters.articles import ArticleFilterSet
from training.forms.articles import ArticleForm
from training.models import Article
from training.selectors.articles import article_list, articles_readable
from training.services.articles import article_save
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
