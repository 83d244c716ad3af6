"""Search snippets made safe for HTML. PostgreSQL marks the matches of a headline with two
control characters no article contains (``training.selectors.articles.article_search``); the
text is escaped first and only then are the marks turned into ``<mark>`` tags, so an article's
body can never inject markup."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MARK_START = "\x02"
MARK_STOP = "\x03"


def snippet_html(snippet: str) -> SafeString:
    """``snippet`` escaped, its marked matches in ``<mark>``."""
    escaped = escape(snippet)
    return mark_safe(escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308 (escaped above)
