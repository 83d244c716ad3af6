"""``{% matrix_rows matrix list_url %}``: the body of the vendor x document matrix, rendered in
Python. The matrix has a cell per vendor and type (4,000 for 500 vendors); through the template
engine they took most of the page's time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from compliance.selectors.documents import ComplianceMatrix, MatrixCell, MatrixRow

register = template.Library()

NOT_REQUIRED = (
    '<td class="text-center text-body-tertiary" title="Not required">–'
    '<span class="visually-hidden"> not required</span></td>'
)


def _cell(cell: MatrixCell, row_url: str) -> str:
    if not cell.required:
        return NOT_REQUIRED
    title = f' title="Valid until {cell.accepted_until:%Y-%m-%d}"' if cell.accepted_until else ""
    pending = (
        f'<div class="small text-body-secondary">{cell.pending} pending</div>'
        if cell.pending and cell.status != "pending"
        else ""
    )
    return (
        f'<td class="text-center"><a class="badge text-bg-{cell.colour} text-decoration-none" '
        f'href="{row_url}&amp;document_type={cell.document_type.pk}"{title}>{cell.label}</a>{pending}</td>'
    )


def _row(row: MatrixRow, list_url: str) -> str:
    vendor = row.vendor
    row_url = f"{escape(list_url)}?vendor={vendor.pk}"
    data = ' <span class="badge text-bg-light border" title="Hosts our data">data</span>' if vendor.hosts_data else ""
    cells = "".join(_cell(cell, row_url) for cell in row.cells)
    return (
        f'<tr><th scope="row" class="text-nowrap fw-normal"><a href="{row_url}">{escape(vendor.name)}</a>{data}</th>'
        f'{cells}<td class="text-end text-nowrap">{row.valid_count} / {row.required_count}</td></tr>'
    )


@register.simple_tag
def matrix_rows(matrix: ComplianceMatrix, list_url: str) -> SafeString:
    # Every value put in is escaped here or is a number, a date or one of our own labels.
    return mark_safe("\n".join(_row(row, list_url) for row in matrix.rows))  # noqa: S308
