from django.contrib import admin

from notifications.models import Notification, OutboxAttachment, OutboxEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "level", "created_at", "read_at")
    list_filter = ("level",)
    search_fields = ("title", "recipient__username")
    list_select_related = ("recipient",)


class OutboxAttachmentInline(admin.TabularInline):
    model = OutboxAttachment
    extra = 0
    fields = ("filename", "mimetype")
    readonly_fields = ("filename", "mimetype")


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipients_display", "state", "attempts", "created_at", "sent_at")
    list_filter = ("state",)
    search_fields = ("subject",)
    inlines = [OutboxAttachmentInline]
