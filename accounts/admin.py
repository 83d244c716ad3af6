from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.forms import AccountAdminPasswordChangeForm
from accounts.models import User


@admin.register(User)
class PacsUserAdmin(UserAdmin):
    # Setting a password here replaces the user's API token too (accounts.services.user_password_set).
    change_password_form = AccountAdminPasswordChangeForm
    list_display = ("username", "email", "first_name", "last_name", "role", "vendor", "is_active")
    list_filter = ("role", "vendor", "is_active", "is_staff")
    list_select_related = ("vendor",)
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Role", {"fields": ("role", "vendor", "job_title", "phone")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Role", {"fields": ("email", "role", "vendor")}),
    )
