"""Suggestions for a new ticket's title, supplied by an app above ``tickets`` (the knowledge base
of ``training``), which ``tickets`` may not import: it registers the URL name of a view that
answers ``GET ?title=…&vendor=…`` with an HTML fragment. The ticket form asks it as the title is
typed (htmx) when one is registered; without JavaScript the form works as before."""

from django.urls import reverse

_url_names: list[str] = []


def register_title_suggestions(url_name: str) -> None:
    if url_name not in _url_names:
        _url_names.append(url_name)


def title_suggestions_url() -> str | None:
    """The registered view's URL, or None when no app suggests anything."""
    return reverse(_url_names[0]) if _url_names else None
