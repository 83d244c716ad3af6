"""The knowledge base in the vendor portal: the vendor's own articles (drafts too), searched and
filtered, read, written and published here."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.generic import CreateView, DetailView, UpdateView

from core.forms import add_service_errors
from core.permissions import can
from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalArticleTable
from training.filters.articles import ArticleFilterSet
from training.forms.articles import PortalArticleForm
from training.models import Article
from training.selectors.articles import article_list
from training.services.articles import article_save


def _article_url(article: Article) -> str:
    return reverse("portal:article_detail", kwargs={"pk": article.pk})


class PortalArticleListView(PortalListView):
    queryset = article_list()
    filterset_class = ArticleFilterSet
    table_class = PortalArticleTable
    template_name = "portal/article_list.html"
    title = "Knowledge base"
    export_filename = "knowledge-base"

    def get_filterset(self, filterset_class: type) -> Any:
        filterset = super().get_filterset(filterset_class)
        filterset.filters.pop("internal", None)  # the hospital's own articles never reach the portal
        return filterset


class PortalArticleDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = article_list()
    template_name = "portal/article_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_write"] = can(self.request.user, "article.write", self.object)
        return context


class PortalArticleFormMixin(PortalMixin):
    model = Article
    form_class = PortalArticleForm
    template_name = "portal/course_form.html"
    permission_action = "article.write"
    request: HttpRequest
    object: Article | None

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        if kwargs.get("instance") is None:
            kwargs["instance"] = Article(vendor=self.vendor)
        return kwargs

    def form_valid(self, form: PortalArticleForm) -> HttpResponse:
        stored = Article.objects.get(pk=form.instance.pk) if form.instance.pk else None
        try:
            article = article_save(
                article=stored,
                data=form.cleaned_data,
                components=list(form.cleaned_data.get("components") or []),
                by=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        messages.success(self.request, f"Article “{article}” saved.")
        return HttpResponseRedirect(_article_url(article))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        is_create = self.object is None
        context["title"] = "Write an article" if is_create else f"Edit {self.object}"
        context["submit_label"] = "Create" if is_create else "Save"
        context["cancel_url"] = reverse("portal:article_list") if is_create else _article_url(self.object)
        return context


class PortalArticleCreateView(PortalArticleFormMixin, CreateView):
    pass


class PortalArticleUpdateView(PortalArticleFormMixin, ScopedQuerysetMixin, UpdateView):
    queryset = article_list()
