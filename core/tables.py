"""Table bases for django-tables2."""

import django_tables2 as tables
from django.utils.html import format_html


class StatusColumn(tables.BooleanColumn):
    """A yes/no shown as a text badge, not colour alone."""

    def __init__(self, true_label: str = "Active", false_label: str = "Inactive", **kwargs: object) -> None:
        self.true_label = true_label
        self.false_label = false_label
        super().__init__(**kwargs)

    def render(self, value: object, record: object, bound_column: object) -> str:
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', self.true_label)
        return format_html('<span class="badge text-bg-secondary">{}</span>', self.false_label)

    def value(self, value: object, record: object, bound_column: object) -> str:
        return self.true_label if value else self.false_label


def cache_tables2_signatures() -> None:
    """Cache django-tables2's per-cell ``inspect.signature`` calls.

    django-tables2 inspects the signature of a column's render function for every cell it
    renders; on a 25-row page that was a third of the page's time. The signature of a function
    never changes, so it is computed once per function (bound methods share their function's).
    """
    from django_tables2 import utils

    original = utils.signature
    if getattr(original, "is_cached", False):
        return
    cache: dict[tuple[object, bool], tuple] = {}

    def signature(fn: object) -> tuple:
        key = (getattr(fn, "__func__", fn), hasattr(fn, "__self__"))
        try:
            return cache[key]
        except KeyError:
            if len(cache) > 4096:  # functions made on the fly must not grow it without bound
                cache.clear()
            result = cache[key] = original(fn)
            return result
        except TypeError:  # unhashable callable
            return original(fn)

    signature.is_cached = True
    utils.signature = signature
