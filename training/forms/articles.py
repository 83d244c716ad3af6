from django import forms

from core.forms import ScopedModelForm
from training.models import Article
from vendors.forms import SEVERAL_COMPONENTS, VendorDependentChoicesMixin

ARTICLE_FORM_FIELDS = ["kind", "title", "vendor", "components", "release", "body", "status"]


class ArticleForm(VendorDependentChoicesMixin, ScopedModelForm):
    """The hospital's article form; its writes go through ``training.services.articles.article_save``."""

    vendor_choices = {"components": SEVERAL_COMPONENTS}

    class Meta:
        model = Article
        fields = ARTICLE_FORM_FIELDS
        widgets = {
            "components": forms.SelectMultiple(attrs={"size": 5}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {"components": "Only the chosen vendor's components are offered; none for the hospital's own."}


class PortalArticleForm(ArticleForm):
    """A vendor's own article: always theirs, so no vendor to choose."""

    class Meta(ArticleForm.Meta):
        fields = [name for name in ARTICLE_FORM_FIELDS if name != "vendor"]
