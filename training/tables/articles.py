import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from training.models import Article
from training.snippets import snippet_html


class ArticleTable(tables.Table):
    title = tables.Column(verbose_name="Article")
    kind = tables.Column()
    vendor = tables.Column(default="Hospital", linkify=False)
    components = tables.Column(empty_values=(), orderable=False)
    release = tables.Column()
    status = tables.Column()
    published_at = tables.DateTimeColumn(format="Y-m-d", verbose_name="Published")

    class Meta:
        model = Article
        fields = ("title", "kind", "vendor", "components", "release", "status", "published_at")

    def article_url(self, record: Article) -> str:
        return record.get_absolute_url()

    def render_title(self, record: Article) -> str:
        link = format_html('<a href="{}">{}</a>', self.article_url(record), record.title)
        snippet = getattr(record, "snippet", "")
        if not snippet:
            return link
        return format_html('{}<div class="small text-muted search-snippet">{}</div>', link, snippet_html(snippet))

    def render_components(self, record: Article) -> str:
        return format_html_join(", ", "{}", ((component.name,) for component in record.components.all()))

    def value_components(self, record: Article) -> str:
        return ", ".join(component.name for component in record.components.all())

    def render_status(self, record: Article) -> str:
        colour = "success" if record.is_published else "secondary"
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, record.get_status_display())

    def value_title(self, record: Article) -> str:
        return record.title
