"""The action register's filters: one form for the page, the portal, the CSV and the API,
turned into the ``ActionQuery`` every source answers."""

from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import User
from core.roles import hospital_users
from governance import action_sources
from governance.action_sources import ActionQuery
from governance.models import Side
from vendors.models import Vendor


class ActionRegisterFilterForm(forms.Form):
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.none(), required=False)
    # Hospital users, whatever the vendor: choices by id (a user list is not the vendor's).
    owner = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Owner (hospital user)")
    mine = forms.BooleanField(required=False, label="My actions")
    side = forms.ChoiceField(choices=[("", "Any"), *Side.choices], required=False)
    overdue = forms.BooleanField(required=False, label="Overdue only")
    source = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["vendor"].queryset = Vendor.objects.visible_to(user).order_by("name")
        self.fields["owner"].choices = [("", "Anyone")] + [
            (user.pk, user.get_full_name() or user.email)
            for user in hospital_users().order_by("last_name", "first_name")
        ]
        self.fields["source"].choices = [("", "Any"), *action_sources.source_choices()]
        if user.is_vendor_user:
            del self.fields["vendor"]
            del self.fields["owner"]

    def query(self) -> ActionQuery:
        """The filters as the sources take them (valid forms only)."""
        data = self.cleaned_data
        owner_id = self.user.pk if data.get("mine") else data.get("owner")
        return ActionQuery(
            user=self.user,
            vendor_id=data["vendor"].pk if data.get("vendor") else None,
            owner_user_id=owner_id or None,
            side=data.get("side") or "",
            overdue_on=timezone.localdate() if data.get("overdue") else None,
        )

    @property
    def chosen_source(self) -> str:
        return self.cleaned_data.get("source") or ""
