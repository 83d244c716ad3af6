from typing import Any

from django import forms
from django.db import models


class URLField(models.URLField):
    """A URL field whose form input assumes https:// when the scheme is left out."""

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"assume_scheme": "https", **kwargs})
