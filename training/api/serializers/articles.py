from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from training.models import Article
from training.snippets import snippet_html


class ArticleSerializer(ScopedModelSerializer):
    """A knowledge-base article. Vendor users' articles are always their own vendor's (``vendor``
    is ignored); on a search (``?q=``) each carries ``rank`` and ``snippet`` (the matches between
    ``<mark>`` and ``</mark>``, the rest escaped)."""

    author = serializers.StringRelatedField(read_only=True)
    rank = serializers.SerializerMethodField()
    snippet = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "vendor",
            "components",
            "release",
            "status",
            "author",
            "published_at",
            "created_at",
            "updated_at",
            "rank",
            "snippet",
        ]
        read_only_fields = ["published_at"]

    def get_rank(self, article: Article) -> float | None:
        rank = getattr(article, "rank", None)
        return None if rank is None else float(rank)

    def get_snippet(self, article: Article) -> str | None:
        snippet = getattr(article, "snippet", None)
        return None if snippet is None else str(snippet_html(snippet))
