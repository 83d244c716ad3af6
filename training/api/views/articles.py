from django.db.models import QuerySet
from rest_framework.serializers import BaseSerializer

from core.api.viewsets import ScopedModelViewSet
from training.api.serializers.articles import ArticleSerializer
from training.filters.articles import ArticleFilterSet
from training.models import Article
from training.selectors.articles import article_list, articles_readable
from training.services.articles import article_save


class ArticleViewSet(ScopedModelViewSet):
    """The knowledge base: hospital users read published articles (hospital admins also the
    hospital's drafts), vendor users their own vendor's (drafts too); hospital admins write every
    article, vendor users their own (created as their vendor's). ``?q=`` searches, best first."""

    write_action = "article.write"
    queryset = article_list()
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilterSet
    ordering_fields = ["title", "published_at", "updated_at", "kind"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Article]:
        return articles_readable(super().get_queryset(), self.request.user)

    def _save(self, serializer: BaseSerializer, article: Article | None) -> None:
        data = dict(serializer.validated_data)
        # A PATCH without them keeps the article's components.
        components = data.pop("components", None)
        if components is None and article is not None:
            components = article.components.all()
        with self._audited():
            serializer.instance = article_save(
                article=article, data=data, components=list(components or []), by=self.request.user
            )
        self._reload(serializer)

    def perform_create(self, serializer: BaseSerializer) -> None:
        self._save(serializer, None)

    def perform_update(self, serializer: BaseSerializer) -> None:
        self._save(serializer, Article.objects.get(pk=serializer.instance.pk))
