"""The API's two ways of paging a list, one contract (README "API"): ``page`` and ``page_size``
for lists of a size one can count, a ``cursor`` (follow ``next`` and ``previous``) and
``page_size`` for lists that grow without end. Any other query parameter, ``page`` on a list
paged by cursor included, answers 400 (``core.api.parameters``)."""

from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Numbered pages of 50 (``page_size`` up to 500), with the ``count`` of rows."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class NewestFirstCursorPagination(CursorPagination):
    """Newest first by a cursor: no COUNT(*) over millions of rows, and no row seen twice or
    missed while new ones arrive. Subclasses give the ``ordering`` (an instant, then ``-id``)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
