from django.contrib import admin

from notifications.models import Digest, Notification, NotificationPreference, OutboxAttachment, OutboxEmail


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "recipient", "event_type", "in_app", "email_delivery", "level", "created_at", "read_at")
    list_filter = ("event_type", "in_app", "email_delivery", "level")
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


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "event_type", "in_app", "email", "updated_at")
    list_filter = ("event_type",)
    search_fields = ("user__username",)
    list_select_related = ("user",)


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("recipient", "day", "created_at", "outbox_email")
    search_fields = ("recipient__username",)
    list_select_related = ("recipient", "outbox_email")
    date_hierarchy = "day"
