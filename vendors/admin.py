from django.contrib import admin

from vendors.models import Component, Contact, Contract, ContractDocument, Vendor


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "support_phone", "support_email", "active")
    list_filter = ("kind", "active")
    search_fields = ("name",)
    inlines = [ContactInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ("name", "vendor", "role", "escalation_level", "email", "phone")
    list_filter = ("role", "vendor")
    search_fields = ("name", "email")
    list_select_related = ("vendor",)


class ContractDocumentInline(admin.TabularInline):
    model = ContractDocument
    extra = 0


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ("reference", "vendor", "start_date", "end_date", "annual_fee", "currency", "auto_renew")
    list_filter = ("vendor", "auto_renew", "currency")
    search_fields = ("reference", "title")
    list_select_related = ("vendor",)
    inlines = [ContractDocumentInline]


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    list_display = ("name", "vendor", "kind", "site", "criticality", "active")
    list_filter = ("kind", "criticality", "vendor", "active")
    search_fields = ("name", "site")
    list_select_related = ("vendor",)
