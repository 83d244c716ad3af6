"""Form widgets."""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


class FastSelect(forms.Select):
    """A single select rendered in Python rather than one template per option.

    Choice lists such as "vendor" grow with the data (a thousand vendors is a thousand options);
    Django's per-option templates make that the slowest part of a page.
    """

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        values = value if isinstance(value, list | tuple) else [value]
        selected = {str(v) for v in values if v is not None}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                ("" if option is None else option, " selected" if str(option) in selected else "", label)
                for option, label in self.choices
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)
