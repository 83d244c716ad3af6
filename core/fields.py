from typing import Any

from django import forms
from django.core import validators
from django.db import models


class URLField(models.URLField):
    """A URL field whose form input assumes https:// when the scheme is left out."""

    def formfield(self, **kwargs: Any) -> forms.Field:
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class BoundedTextField(models.TextField):
    """Free text with a maximum length (one of ``core.limits``), checked wherever the row is
    validated: Django's ``TextField(max_length=...)`` only tells forms, the model ignores it.
    Forms get a text area with ``maxlength``, the API a 400 past the limit."""

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        self.validators.append(validators.MaxLengthValidator(max_length))
