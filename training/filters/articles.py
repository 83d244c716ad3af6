import django_filters
from django.db.models import QuerySet

from core.filters import SearchFilterSet
from training.models import Article
from training.selectors.articles import article_search
from vendors.models import Component


class ArticleFilterSet(SearchFilterSet):
    """The knowledge base's filters; ``q`` is a full-text search, best matches first."""

    component = django_filters.ModelChoiceFilter(
        queryset=Component.objects.all(), field_name="components", label="Component"
    )
    internal = django_filters.BooleanFilter(field_name="vendor", lookup_expr="isnull", label="Hospital's own")

    class Meta:
        model = Article
        fields = ["q", "vendor", "component", "kind", "status", "internal"]

    def filter_search(self, queryset: QuerySet[Article], name: str, value: str) -> QuerySet[Article]:
        return article_search(queryset, value) if value.strip() else queryset
